package dev.cpx.web.demo;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.SettlementService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settlement periods on the demo clock, one per UTC day, through {@link SettlementService} as platform finance would
 * use it: a day is opened (and rated) once it has ended, since a period settles delivered time only; it is rated again
 * when new usage arrives; and it is closed, with its FINAL run, statements and invoices, once its end lies
 * {@code grace} behind. Periods continue from the latest existing one (opened by anyone), so none overlaps.
 *
 * <p>Each open and close runs in one read-committed transaction that first locks the row of
 * {@code demo_lifecycle_lock}: instances doing this at the same time take turns, and the second sees what the first
 * committed, so each period is opened and closed once.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
class DemoPeriods {

    static final String ACTOR = "system: demo clock";
    /** Days opened in one pass at most; a longer jump of the clock is caught up over the next passes. */
    static final int MAX_OPENED = 40;
    private static final int PERIODS_READ = 200;
    private static final Logger log = LoggerFactory.getLogger(DemoPeriods.class);

    /** What one pass did to the periods. */
    record Followed(List<PeriodView> opened, List<PeriodView> rated, List<PeriodView> closed) {

        boolean changed() {
            return !opened.isEmpty() || !rated.isEmpty() || !closed.isEmpty();
        }
    }

    private final SettlementService settlement;
    private final JdbcClient jdbc;
    private final TransactionTemplate locked;
    private final MovableClock clock;

    DemoPeriods(SettlementService settlement, JdbcClient jdbc, PlatformTransactionManager transactions,
                MovableClock clock) {
        this.settlement = settlement;
        this.jdbc = jdbc;
        this.clock = clock;
        this.locked = new TransactionTemplate(transactions);
        locked.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    /**
     * Opens every day that has ended since the latest period, rates the periods still open again when
     * {@code newUsage}, and closes those past their grace.
     */
    Followed follow(Duration grace, boolean newUsage) {
        var opened = new ArrayList<PeriodView>();
        for (int i = 0; i < MAX_OPENED; i++) {
            Optional<PeriodView> day = underLock(this::openNextDay);
            if (day.isEmpty()) {
                break;
            }
            opened.add(day.get());
        }
        Instant now = clock.instant();
        List<PeriodView> open = settlement.periods(PERIODS_READ).stream().filter(PeriodView::open)
                .sorted(Comparator.comparing(PeriodView::periodStart)).toList();
        var rated = new ArrayList<PeriodView>();
        var closed = new ArrayList<PeriodView>();
        for (PeriodView period : open) {
            if (!period.periodEnd().plus(grace).isAfter(now)) {
                underLock(() -> close(period.periodId())).ifPresent(closed::add);
            } else if (newUsage && opened.stream().noneMatch(o -> o.periodId() == period.periodId())) {
                rated.add(settlement.rerun(period.periodId(), ACTOR));
            }
        }
        return new Followed(opened, rated, closed);
    }

    /** The next day after the latest period, when it has ended; the first is the day before today's. */
    private Optional<PeriodView> openNextDay() {
        Instant now = clock.instant();
        Instant start = settlement.periods(PERIODS_READ).stream().map(PeriodView::periodEnd)
                .max(Comparator.naturalOrder())
                .orElse(now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)));
        Instant end = start.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        if (end.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(settlement.open(start, end, ACTOR));
    }

    private Optional<PeriodView> close(long periodId) {
        if (!settlement.period(periodId).open()) {
            return Optional.empty();
        }
        return Optional.of(settlement.close(periodId, ACTOR));
    }

    /** Runs the step holding the lock; a refusal (another writer got there first, say) is logged and ends it. */
    private Optional<PeriodView> underLock(Supplier<Optional<PeriodView>> step) {
        try {
            return locked.execute(status -> {
                jdbc.sql("select id from demo_lifecycle_lock where id = 1 for update").query(Integer.class).single();
                return step.get();
            });
        } catch (CpxException refused) {
            log.warn("Demo settlement step refused: {}", refused.detail());
            return Optional.empty();
        }
    }
}
