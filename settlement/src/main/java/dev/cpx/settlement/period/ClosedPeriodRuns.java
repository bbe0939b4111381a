package dev.cpx.settlement.period;

import dev.cpx.settlement.period.internal.RunRecorder;
import dev.cpx.settlement.period.internal.SettlementStore;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementLine.Kind;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.settlement.statement.Statements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives a FINAL run to each period closed before runs were recorded, so that every closed period can be verified
 * (docs/reports.md, "Periods closed before runs"). The run is built from what the close froze: the period's settled
 * contracts and the adjustments booked into it, and must give every organization the totals its close stored.
 */
@Service
public class ClosedPeriodRuns {

    public static final String ACTOR = "system: runs of periods closed before runs were recorded";

    private final SettlementStore store;
    private final RunRecorder recorder;
    private final SettlementService settlement;
    private final Clock clock;

    ClosedPeriodRuns(SettlementStore store, RunRecorder recorder, SettlementService settlement, Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.settlement = settlement;
        this.clock = clock;
    }

    /** Closed periods that hold no run yet. */
    @Transactional(readOnly = true)
    public List<Long> periodsWithoutRuns() {
        return store.closedPeriodsWithoutRuns();
    }

    /**
     * Records the FINAL run of a period closed without one, timed by its close; empty when the period is open or
     * already has runs (another instance may have recorded it first: the period's lock orders them). Fails, writing
     * nothing, when the frozen figures do not give the totals the close stored.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public Optional<RunView> recordFinalRun(long periodId) {
        PeriodView period = store.lockPeriod(periodId)
                .orElseThrow(() -> new IllegalArgumentException("no settlement period " + periodId));
        if (period.open() || !store.closedPeriodsWithoutRuns().contains(periodId)) {
            return Optional.empty();
        }
        Map<String, StatementTotals> stored = store.statements(periodId);
        Map<String, List<StatementLine>> lines = settlement.linesByOrganization(periodId);
        if (!sameTotals(stored, lines)) {
            // Adjustments resolved after such a close were not on its statements: they belong to a TRUE_UP.
            lines = contractLinesOnly(lines);
            if (!sameTotals(stored, lines)) {
                throw new IllegalStateException("the frozen figures of period " + periodId + " do not give the "
                        + "totals its close stored; its FINAL run cannot be recorded");
            }
        }
        var frozenAt = period.closedAt() != null ? period.closedAt() : clock.instant();
        RunContent run = recorder.record(period, RunKind.FINAL, lines, SettlementService.PLATFORM, ACTOR, frozenAt);
        store.replaceStatements(periodId, run);
        store.replaceClosedContentHash(periodId, run.contentHash());
        store.audit(ACTOR, "FINAL_RUN_RECORDED", periodId, "run " + run.run(), "FINAL run recorded from the figures "
                + "frozen at close; content hash " + run.contentHash() + " (the close's hash, in the form used "
                + "before runs, was " + period.contentHash() + ")", clock.instant());
        return Optional.of(new RunView(0, periodId, run.run(), RunKind.FINAL, frozenAt, ACTOR, run.contentHash(),
                run.nettingHash()));
    }

    private static boolean sameTotals(Map<String, StatementTotals> stored, Map<String, List<StatementLine>> lines) {
        if (!stored.keySet().equals(lines.keySet())) {
            return false;
        }
        return lines.entrySet().stream().allMatch(e -> Statements.totals(e.getKey(), e.getValue())
                .equals(stored.get(e.getKey())));
    }

    private static Map<String, List<StatementLine>> contractLinesOnly(Map<String, List<StatementLine>> lines) {
        var contracts = new TreeMap<String, List<StatementLine>>();
        lines.forEach((organization, own) -> {
            var kept = new ArrayList<StatementLine>(own.stream().filter(l -> l.kind() == Kind.CONTRACT).toList());
            if (!kept.isEmpty()) {
                contracts.put(organization, kept);
            }
        });
        return contracts;
    }
}
