package dev.cpx.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The market clock: the system clock plus an offset that only moves forward. Demo and sandbox
 * deployments advance it so a whole instrument lifecycle can be shown in minutes; production never
 * exposes the advance operation, so there the offset stays zero.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    public MovableClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private MovableClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    public Instant advance(Duration by) {
        if (by.isNegative() || by.isZero()) {
            throw new IllegalArgumentException("the market clock only moves forward, got " + by);
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** Puts back an offset saved before a restart; the clock still never moves backwards. */
    public void restore(Duration saved) {
        if (saved.isNegative()) {
            throw new IllegalArgumentException("a saved offset cannot be negative: " + saved);
        }
        offset.accumulateAndGet(saved, (current, restored) -> restored.compareTo(current) > 0 ? restored : current);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MovableClock(base.withZone(zone), offset);
    }

    /** Microseconds, what DATETIME(6) stores: an instant read back equals the one handed out. */
    @Override
    public Instant instant() {
        return base.instant().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }
}
