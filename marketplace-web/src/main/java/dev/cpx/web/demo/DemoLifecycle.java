package dev.cpx.web.demo;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.web.config.CpxProperties;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What happens in a demo between trades, on the demo clock: the simulated providers allocate nodes to the contracts
 * they sold before delivery starts ({@link DemoAllocations}), meter what was delivered from both sides
 * ({@link DemoDelivery}), and settlement periods open and close ({@link DemoPeriods}); all through the services real
 * callers use. Runs every {@code cpx.demo.lifecycle-every} and right after the clock moves (allocating, before it
 * moves, what would start during the jump), only with {@code cpx.demo.lifecycle} on, and exists in demo mode only.
 * Every step is idempotent, so a pass that finds nothing to do changes nothing, and instances may run it side by side.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
public class DemoLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoLifecycle.class);

    /** What one pass did. */
    public record Pass(int allocated, int withoutNode, int metered, int usageAccepted, List<PeriodView> opened,
                       List<PeriodView> rated, List<PeriodView> closed) {

        public boolean changedAnything() {
            return allocated + usageAccepted + opened.size() + rated.size() + closed.size() > 0;
        }
    }

    private final CpxProperties properties;
    private final IdentityService identity;
    private final DemoAllocations allocations;
    private final DemoDelivery delivery;
    private final DemoPeriods periods;
    private final MovableClock clock;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    /** Contracts whose delivery ended by then were metered by an earlier pass of this instance. */
    private Instant meteredThrough;
    private volatile ScheduledExecutorService executor;

    DemoLifecycle(CpxProperties properties, IdentityService identity, DemoAllocations allocations,
                  DemoDelivery delivery, DemoPeriods periods, MovableClock clock) {
        this.properties = properties;
        this.identity = identity;
        this.allocations = allocations;
        this.delivery = delivery;
        this.periods = periods;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (!properties.demo().lifecycle() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("demo-lifecycle").daemon()
                .factory());
        long everyMillis = properties.demo().lifecycleEvery().toMillis();
        executor.scheduleWithFixedDelay(this::passQuietly, 0, everyMillis, TimeUnit.MILLISECONDS);
        log.info("Demo lifecycle started: allocation, metering and daily settlement periods every {} s and after "
                + "every move of the clock", everyMillis / 1000);
    }

    public boolean running() {
        return executor != null && !executor.isShutdown();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Before the clock jumps: what would start during the jump is allocated while it still may be. */
    void beforeClockMoves() {
        if (running()) {
            synchronized (this) {
                logAllocated(allocate());
            }
        }
    }

    /** After the clock moved: a pass soon, on the lifecycle's own thread (one queued at most). */
    void afterClockMoved() {
        if (running() && passQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                passQueued.set(false);
                passQuietly();
            });
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("Demo lifecycle pass failed; the next one tries again: {}", e.toString());
        }
    }

    /** One pass: allocate, meter what was delivered, then open, rate and close periods. */
    public synchronized Pass pass() {
        Instant now = clock.instant();
        DemoAllocations.Allocated allocated = allocate();
        logAllocated(allocated);
        DemoDelivery.Metered metered = DemoDelivery.Metered.NONE;
        for (OrganizationView provider : simulatedProviders()) {
            metered = metered.plus(delivery.meterDelivered(provider, meteredThrough));
        }
        meteredThrough = now;
        if (metered.contracts() > 0 && metered.accepted() + metered.rejected() > 0) {
            log.info("Demo lifecycle metered {} delivered contracts from both sides ({} short, {} read 5% lower by "
                            + "the buyer): {} usage records accepted, {} already there, {} refused", metered.contracts(),
                    metered.shortDeliveries(), metered.disagreeing(), metered.accepted(), metered.duplicates(),
                    metered.rejected());
        }
        DemoPeriods.Followed followed = periods.follow(properties.demo().periodGrace(), metered.accepted() > 0);
        if (followed.changed()) {
            log.info("Demo lifecycle settlement at {}: opened {}; rated again {}; closed with a FINAL run {}",
                    clock.instant(), names(followed.opened()), names(followed.rated()), names(followed.closed()));
        }
        return new Pass(allocated.contracts(), allocated.withoutNode(), metered.contracts(), metered.accepted(),
                followed.opened(), followed.rated(), followed.closed());
    }

    private DemoAllocations.Allocated allocate() {
        DemoAllocations.Allocated allocated = DemoAllocations.Allocated.NONE;
        for (OrganizationView provider : simulatedProviders()) {
            allocated = allocated.plus(allocations.allocate(provider));
        }
        return allocated;
    }

    private static void logAllocated(DemoAllocations.Allocated allocated) {
        if (allocated.contracts() > 0) {
            log.info("Demo lifecycle allocated nodes to {} contracts of the simulated providers ({} left without a "
                    + "free live node)", allocated.contracts(), allocated.withoutNode());
        } else if (allocated.withoutNode() > 0) {
            log.debug("Demo lifecycle: {} contracts of the simulated providers wait for a free live node",
                    allocated.withoutNode());
        }
    }

    /** The simulated providers that exist (the demo market creates them when it first starts). */
    private List<OrganizationView> simulatedProviders() {
        return DemoTraders.PROVIDERS.stream().map(p -> identity.organizationByCode(p.code()))
                .flatMap(java.util.Optional::stream).toList();
    }

    private static String names(List<PeriodView> periods) {
        return periods.isEmpty() ? "none" : periods.stream()
                .map(p -> "period " + p.periodId() + " (" + p.periodStart() + " to " + p.periodEnd() + ")")
                .collect(Collectors.joining(", "));
    }
}
