package dev.cpx.core.identity.internal;

import dev.cpx.core.identity.ApiKeyHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A key found valid in the database, with the last use written for it, so that use is written once a period. */
public final class VerifiedApiKey {

    private final ApiKeyHolder holder;
    private final AtomicReference<Instant> useRecordedAt;

    public VerifiedApiKey(ApiKeyHolder holder, Instant useRecordedAt) {
        this.holder = holder;
        this.useRecordedAt = new AtomicReference<>(useRecordedAt);
    }

    public ApiKeyHolder holder() {
        return holder;
    }

    /**
     * True for the one caller that should write a use at {@code now}: when none was written within
     * {@code resolution} before it. Concurrent requests of one key race here, not in the database.
     */
    public boolean claimUseRecord(Instant now, Duration resolution) {
        Instant last = useRecordedAt.get();
        boolean due = last == null || last.isBefore(now.minus(resolution));
        return due && useRecordedAt.compareAndSet(last, now);
    }
}
