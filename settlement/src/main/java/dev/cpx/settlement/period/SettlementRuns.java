package dev.cpx.settlement.period;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.period.internal.RunRecorder;
import dev.cpx.settlement.period.internal.RunStore;
import dev.cpx.settlement.period.internal.SettlementStore;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.CanonicalStatement;
import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunDiff;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.settlement.statement.Statements;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The runs of settlement periods: lists them, reads each run's stored statements (their canonical form, lines,
 * lineage and reports), and records TRUE_UP runs that book resolved disputes into a closed period. A frozen run is
 * read only from what it stored.
 */
@Service
public class SettlementRuns {

    public static final int MAX_USAGE_RECORDS = 100_000;

    private final SettlementStore store;
    private final RunStore runs;
    private final RunRecorder recorder;
    private final SettlementService settlement;
    private final Clock clock;

    SettlementRuns(SettlementStore store, RunStore runs, RunRecorder recorder, SettlementService settlement,
                   Clock clock) {
        this.store = store;
        this.runs = runs;
        this.recorder = recorder;
        this.settlement = settlement;
        this.clock = clock;
    }

    /** A TRUE_UP run and its lines that differ from the run before it. */
    public record TrueUp(RunView run, List<RunDiff.LineChange> changes) {
    }

    @Transactional(readOnly = true)
    public List<RunView> runs(long periodId) {
        period(periodId);
        return runs.runs(periodId);
    }

    /** Periods newest first, of a status or all, holding a statement of {@code organizationId} unless null. */
    @Transactional(readOnly = true)
    public List<PeriodView> periods(Long organizationId, String status, int limit) {
        if (status != null && !status.equals("OPEN") && !status.equals("CLOSED")) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "status is OPEN or CLOSED, not " + status,
                    List.of(new CpxException.FieldError("status", "OPEN or CLOSED")));
        }
        return store.periods(organizationId, status, Math.clamp(limit, 1, 200));
    }

    /** One run of a period; {@code run} null for the latest. */
    @Transactional(readOnly = true)
    public RunView run(long periodId, Integer run) {
        period(periodId);
        return find(periodId, run);
    }

    private RunView find(long periodId, Integer run) {
        if (run == null) {
            List<RunView> all = runs.runs(periodId);
            if (all.isEmpty()) {
                throw CpxException.notFound("run of settlement period", periodId);
            }
            return all.getLast();
        }
        return runs.run(periodId, run).orElseThrow(() -> CpxException.notFound("run " + run + " of settlement "
                + "period", periodId));
    }

    /** The statements of a run, of one organization or all ({@code organization} null), by organization. */
    @Transactional(readOnly = true)
    public List<RunStatement> statements(long periodId, String organization, Integer run) {
        period(periodId);
        RunView view = find(periodId, run);
        return read(view, organization);
    }

    /** One organization's statement of a run; 404 when the run holds none of it. */
    @Transactional(readOnly = true)
    public RunStatement statement(long periodId, String organization, Integer run) {
        period(periodId);
        return one(find(periodId, run), organization);
    }

    private RunStatement one(RunView run, String organization) {
        return read(run, organization).stream().findFirst().orElseThrow(() -> CpxException.notFound("statement of "
                + organization + " in run " + run.run() + " of settlement period", run.periodId()));
    }

    private List<RunStatement> read(RunView run, String organization) {
        var statements = new ArrayList<RunStatement>();
        for (RunStore.StoredStatement stored : runs.statements(run.runId(), organization)) {
            String hash = CanonicalStatement.hash(stored.canonical());
            if (!hash.equals(stored.contentHash())) {
                throw new IllegalStateException("the stored statement of " + stored.organization() + " in run "
                        + run.run() + " of period " + run.periodId() + " hashes to " + hash + ", stored with "
                        + stored.contentHash());
            }
            CanonicalStatement.Parsed parsed = CanonicalStatement.read(stored.canonical());
            statements.add(new RunStatement(run, stored.organization(), parsed.totals(), parsed.lines(),
                    stored.canonical(), hash));
        }
        return statements;
    }

    /** The lines of an organization's statement of a run, each with the count of usage records behind it. */
    @Transactional(readOnly = true)
    public List<LineLineage> lines(long periodId, String organization, Integer run) {
        period(periodId);
        RunStatement statement = one(find(periodId, run), organization);
        var counts = runs.usageCounts(statement.lines().stream().map(StatementLine::contractId).distinct().toList());
        return statement.lines().stream().map(line -> {
            var count = line.kind() == StatementLine.Kind.CONTRACT ? counts.get(line.contractId()) : null;
            return new LineLineage(line, count == null ? 0 : count.provider(), count == null ? 0 : count.buyer());
        }).toList();
    }

    /**
     * The usage records behind a contract line of an organization's statement of a run, at most
     * {@link #MAX_USAGE_RECORDS}; 404 when the statement has no line of that contract.
     */
    @Transactional(readOnly = true)
    public List<UsageRecordView> usage(long periodId, String organization, Integer run, long contractId) {
        period(periodId);
        RunStatement statement = one(find(periodId, run), organization);
        if (statement.lines().stream().noneMatch(l -> l.contractId() == contractId
                && l.kind() == StatementLine.Kind.CONTRACT)) {
            throw CpxException.notFound("line of contract " + contractId + " on the statement of " + organization
                    + " in period", periodId);
        }
        return runs.usageRecords(contractId, MAX_USAGE_RECORDS);
    }

    /** The lines of a run that differ from the run before it (the latest one kept), every organization's. */
    @Transactional(readOnly = true)
    public List<RunDiff.LineChange> changes(long periodId, int run) {
        period(periodId);
        RunView current = find(periodId, run);
        RunView previous = null;
        for (RunView earlier : runs.runs(periodId)) {
            if (earlier.run() < current.run()) {
                previous = earlier;
            }
        }
        return previous == null ? List.of() : changes(previous, current);
    }

    private List<RunDiff.LineChange> changes(RunView previous, RunView current) {
        Map<String, List<StatementLine>> before = lines(read(previous, null));
        Map<String, List<StatementLine>> after = lines(read(current, null));
        var organizations = new TreeSet<>(before.keySet());
        organizations.addAll(after.keySet());
        var changes = new ArrayList<RunDiff.LineChange>();
        for (String organization : organizations) {
            changes.addAll(RunDiff.between(organization, before.getOrDefault(organization, List.of()),
                    after.getOrDefault(organization, List.of())));
        }
        return changes;
    }

    private static Map<String, List<StatementLine>> lines(List<RunStatement> statements) {
        var lines = new TreeMap<String, List<StatementLine>>();
        statements.forEach(s -> lines.put(s.organization(), s.lines()));
        return lines;
    }

    /**
     * Books the disputes of a closed period resolved since its last run into a new TRUE_UP run: the contract lines
     * of the last run as they were frozen, with every adjustment resolved on the period. 409 when the period is
     * open, or when nothing changed since the last run.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public TrueUp trueUp(long periodId, String actor) {
        PeriodView period = store.lockPeriod(periodId)
                .orElseThrow(() -> CpxException.notFound("settlement period", periodId));
        if (period.open()) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + periodId + " is open: its runs are preliminary "
                    + "and take resolved disputes at once; a true-up follows the close");
        }
        RunView previous = find(periodId, null);
        Map<String, List<StatementLine>> before = lines(read(previous, null));
        var after = new TreeMap<String, List<StatementLine>>();
        before.forEach((organization, own) -> after.put(organization, new ArrayList<>(own.stream()
                .filter(l -> l.kind() == StatementLine.Kind.CONTRACT).toList())));
        for (Adjustment adjustment : store.adjustments(periodId)) {
            after.computeIfAbsent(adjustment.buyer(), k -> new ArrayList<>()).add(adjustment.forBuyer());
            after.computeIfAbsent(adjustment.provider(), k -> new ArrayList<>()).add(adjustment.forProvider());
        }
        boolean unchanged = after.keySet().equals(before.keySet()) && after.entrySet().stream()
                .allMatch(e -> RunDiff.sameLines(before.get(e.getKey()), e.getValue()));
        if (unchanged) {
            throw new CpxException(ErrorCode.CONFLICT, "nothing to true up: no dispute of period " + periodId
                    + " was resolved since run " + previous.run() + "; resolve one first");
        }
        var now = clock.instant();
        RunContent content = recorder.record(period, RunKind.TRUE_UP, new TreeMap<>(after),
                SettlementService.PLATFORM, actor, now);
        store.replaceStatements(periodId, content);
        RunView run = runs.run(periodId, content.run()).orElseThrow();
        List<RunDiff.LineChange> changes = changes(previous, run);
        store.audit(actor, "TRUE_UP_RECORDED", periodId, "run " + run.run(), "TRUE_UP after run " + previous.run()
                + ": " + changes.size() + " lines changed; content hash " + run.contentHash(), now);
        return new TrueUp(run, changes);
    }

    /**
     * An organization's statement of a run, ready for a report. Everything in it comes from the run, including
     * its time (when the run was made), so the same run renders to the same bytes on every download.
     */
    @Transactional(readOnly = true)
    public StatementDocument statementDocument(long periodId, String organization, Integer run) {
        PeriodView period = period(periodId);
        if (run == null && runs.runs(periodId).isEmpty()) {
            return withoutRuns(period, organization);
        }
        RunStatement statement = one(find(periodId, run), organization);
        String status = statement.run().kind().frozen() ? "CLOSED" : "OPEN";
        return new StatementDocument(periodId, period.periodStart(), period.periodEnd(), status, organization,
                store.organizationName(organization), period.currency(), statement.lines(), statement.totals(),
                statement.contentHash(), statement.run().createdAt(), statement.run().run(),
                statement.run().kind().name());
    }

    /** The CPIDs of the nodes allocated to each contract on a statement, in CPID order, for its FOCUS file. */
    @Transactional(readOnly = true)
    public Map<Long, List<String>> allocatedNodes(StatementDocument document) {
        return runs.allocatedNodes(document.lines().stream().map(StatementLine::contractId).distinct().sorted()
                .toList());
    }

    /**
     * Every organization's totals of a period's latest run and their sum, in which each contract's SLA credit
     * counts once (it is on both parties' statements); timed by the run, like the statements.
     */
    @Transactional(readOnly = true)
    public PlatformReport platformReport(long periodId) {
        PeriodView period = period(periodId);
        if (runs.runs(periodId).isEmpty()) {
            List<StatementTotals> totals = List.copyOf(store.statements(periodId).values());
            return new PlatformReport(periodId, period.periodStart(), period.periodEnd(), period.status(),
                    period.currency(), totals, Statements.platformSum(totals, period.slaCreditsMinor()),
                    period.contentHash(), frozenAt(period));
        }
        RunView run = find(periodId, null);
        List<StatementTotals> totals = read(run, null).stream().map(RunStatement::totals).toList();
        String status = run.kind().frozen() ? "CLOSED" : "OPEN";
        return new PlatformReport(periodId, period.periodStart(), period.periodEnd(), status, period.currency(),
                totals, Statements.platformSum(totals, period.slaCreditsMinor()), run.contentHash(),
                run.createdAt());
    }

    /**
     * The statement of a period closed before runs were recorded, as its close froze it: totals and hash from
     * then, lines from its settled contracts (which its close froze too), timed by the close.
     */
    private StatementDocument withoutRuns(PeriodView period, String organization) {
        StatementTotals totals = store.statements(period.periodId()).get(organization);
        if (totals == null) {
            throw CpxException.notFound("statement of " + organization + " in period", period.periodId());
        }
        return new StatementDocument(period.periodId(), period.periodStart(), period.periodEnd(), period.status(),
                organization, store.organizationName(organization), period.currency(),
                settlement.lines(period.periodId(), organization), totals,
                store.statementHash(period.periodId(), organization).orElse(null), frozenAt(period));
    }

    private static java.time.Instant frozenAt(PeriodView period) {
        return period.closedAt() != null ? period.closedAt() : period.ratedAt();
    }

    /**
     * The netting of a run (the latest unless {@code run} is given), from its stored statements: the same figures
     * as its stored canonical netting. A period closed before runs were recorded is netted from its settled
     * contracts and adjustments.
     */
    @Transactional(readOnly = true)
    public Netting.Result netting(long periodId, Integer run) {
        period(periodId);
        if (run == null && runs.runs(periodId).isEmpty()) {
            return settlement.netting(periodId);
        }
        return Netting.net(RunContent.obligations(lines(read(find(periodId, run), null)),
                SettlementService.PLATFORM), RunContent.CLEARING);
    }

    /** A run's netting in canonical form; its SHA-256 is the run's {@code nettingHash}. */
    @Transactional(readOnly = true)
    public String canonicalNetting(long periodId, int run) {
        period(periodId);
        RunView view = find(periodId, run);
        String netting = runs.netting(view.runId()).orElseThrow();
        if (!Statements.sha256(netting).equals(view.nettingHash())) {
            throw new IllegalStateException("the stored netting of run " + run + " of period " + periodId
                    + " does not hash to its netting hash");
        }
        return netting;
    }

    /** What open disputes withhold from each organization's payout in the period, by organization code. */
    @Transactional(readOnly = true)
    public Map<String, Long> withheld(long periodId) {
        period(periodId);
        return store.withheld(periodId);
    }

    private PeriodView period(long periodId) {
        return store.period(periodId).orElseThrow(() -> CpxException.notFound("settlement period", periodId));
    }
}
