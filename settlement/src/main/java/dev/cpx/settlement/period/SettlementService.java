package dev.cpx.settlement.period;

import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.period.internal.RunRecorder;
import dev.cpx.settlement.period.internal.SettlementStore;
import dev.cpx.settlement.period.internal.SettlementStore.ContractTerms;
import dev.cpx.settlement.rating.ContractUsage;
import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.rating.RatedContract;
import dev.cpx.settlement.rating.Rating;
import dev.cpx.settlement.rating.RatingRules;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.ClearingPostings;
import dev.cpx.settlement.statement.DisputedAmounts;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.SettledContract;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.settlement.statement.Statements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs settlement periods. While a period is open its figures are preliminary and every run recomputes them from
 * all usage received so far (late and out-of-order records count until close). Closing rates once more, freezes
 * each statement with a content hash in the FINAL run, and posts that run's netting to the ledger through the
 * clearing account; a closed period never changes.
 */
@Service
public class SettlementService {

    public static final String PLATFORM = "CPX";
    public static final Duration MAX_PERIOD = Duration.ofDays(93);
    /**
     * Contract-hours rated per chunk (500 day-long contracts, or 12,000 one-hour ones): usage is read per chunk, so
     * memory follows the delivered hours of a chunk, and one-hour contracts are not read 500 at a time (2,000
     * records a query, 480 queries for a day of 240,000).
     */
    private static final long CHUNK_HOURS = 12_000;
    private static final int CHUNK_MAX_CONTRACTS = 20_000;

    private final SettlementStore store;
    private final RunRecorder runs;
    private final LedgerService ledger;
    private final SettlementSettings settings;
    private final Clock clock;

    SettlementService(SettlementStore store, RunRecorder runs, LedgerService ledger, SettlementSettings settings,
                      Clock clock) {
        this.store = store;
        this.runs = runs;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Opens a period with the currency and rating rules configured now, which it keeps, and rates the contracts
     * whose delivery ended in it.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public PeriodView open(Instant start, Instant end, String actor) {
        Instant now = clock.instant();
        if (start == null || end == null || !start.isBefore(end)) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "periodStart must be before periodEnd",
                    List.of(new FieldError("periodEnd", "after periodStart")));
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "a period spans at most " + MAX_PERIOD.toDays() + " days");
        }
        if (end.isAfter(now)) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "periodEnd " + end + " is in the future; settle "
                    + "delivered time only", List.of(new FieldError("periodEnd", "not after now")));
        }
        if (store.overlapsAnotherPeriod(start, end)) {
            throw new CpxException(ErrorCode.CONFLICT, "the period overlaps an existing settlement period");
        }
        long periodId = store.insertPeriod(start, end, settings, actor, now);
        RatingRules rules = settings.rules();
        store.audit(actor, "PERIOD_OPENED", periodId, null, start + " to " + end + "; " + settings.currency()
                + ", tolerance " + rules.toleranceGpuSeconds() + " GPU-s or " + rules.tolerancePermille()
                + " per mille, provider fee " + rules.providerFeeBasisPoints() + " bp", now);
        rate(store.lockPeriod(periodId).orElseThrow(), actor, now);
        return store.period(periodId).orElseThrow();
    }

    /** Rates an open period again with every usage record received so far. */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public PeriodView rerun(long periodId, String actor) {
        PeriodView period = openPeriod(periodId);
        Instant now = clock.instant();
        rate(period, actor, now);
        store.audit(actor, "PERIOD_RATED", periodId, null, null, now);
        return store.period(periodId).orElseThrow();
    }

    /**
     * Rates a last time, freezes the statements in the FINAL run, whose content hash becomes the period's, and posts
     * its netting to the ledger through the clearing account. The period's row stays locked from the first read to the commit, and every
     * read sees what was committed before it (not a snapshot from the start): usage stored before the lock is rated
     * here, usage arriving after waits and is then refused.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public PeriodView close(long periodId, String actor) {
        PeriodView period = openPeriod(periodId);
        Instant now = clock.instant();
        // Rated a last time straight into the FINAL run: a PRELIMINARY run of the same figures would be superseded
        // in the same transaction.
        Map<String, List<StatementLine>> lines = rate(period, now);
        RunContent run = runs.record(period, RunKind.FINAL, lines, PLATFORM, actor, now);
        postThroughClearing(run, now);
        store.replaceStatements(periodId, run);
        store.markClosed(periodId, run.contentHash(), actor, now);
        store.audit(actor, "PERIOD_CLOSED", periodId, null, "run " + run.run() + " FINAL, content hash "
                + run.contentHash(), now);
        return store.period(periodId).orElseThrow();
    }

    /**
     * Posts the FINAL run's netting through the clearing account (docs/reports.md, "Clearing"): each buyer's escrowed
     * contract value in, each organization's share of the netting out to its wallet, the providers' fees out to the
     * platform. Clearing is back at zero when the batch is written.
     */
    private void postThroughClearing(RunContent run, Instant now) {
        var lines = new TreeMap<String, List<StatementLine>>();
        run.statements().forEach((organization, statement) -> lines.put(organization, statement.lines()));
        ClearingPostings clearing = ClearingPostings.of(run.statements(),
                Netting.net(RunContent.obligations(lines, PLATFORM), RunContent.CLEARING), PLATFORM);
        Map<String, Long> ids = store.organizationIds();
        String reference = "period:" + run.periodId();
        var postings = ledger.newBatch();
        for (ClearingPostings.Leg leg : clearing.legs()) {
            postings.collectIntoClearing(ids.get(leg.organization()), leg.collectedMinor(),
                    reference + ":" + leg.organization());
        }
        for (ClearingPostings.Leg leg : clearing.legs()) {
            postings.payFromClearing(ids.get(leg.organization()), leg.paidMinor(), reference + ":"
                    + leg.organization());
        }
        postings.feesFromClearing(clearing.platformFeesMinor(), reference);
        if (postings.change(AccountCodes.CLEARING) != 0) {
            throw new IllegalStateException("the close of period " + run.periodId() + " leaves "
                    + postings.change(AccountCodes.CLEARING) + " in clearing");
        }
        postings.flush(now);
    }

    private PeriodView openPeriod(long periodId) {
        PeriodView period = store.lockPeriod(periodId)
                .orElseThrow(() -> CpxException.notFound("settlement period", periodId));
        if (!"OPEN".equals(period.status())) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + periodId + " is closed; corrections are "
                    + "resolved disputes, booked in a TRUE_UP run of the period");
        }
        return period;
    }

    /**
     * Rates every contract of an open period, locked by the caller, with the rules the period recorded, and
     * records the result as the period's preliminary run.
     */
    private void rate(PeriodView period, String actor, Instant now) {
        runs.record(period, RunKind.PRELIMINARY, rate(period, now), PLATFORM, actor, now);
    }

    /**
     * Rates an open period, locked by the caller; answers each organization's lines. A contract rated before is
     * rated again only when its usage changed: usage records are only ever added, so a changed count is a change,
     * and nothing else a rating reads can change (the period's rules are fixed when it opens, a contract's terms
     * when it trades, its allocations when its delivery starts).
     */
    private Map<String, List<StatementLine>> rate(PeriodView period, Instant now) {
        long periodId = period.periodId();
        List<ContractTerms> contracts = store.contractsToSettle(periodId, period.periodStart(), period.periodEnd());
        // What the contracts rated before and not rated again now counted.
        Map<Long, SettlementStore.RatedBefore> kept = store.ratedContracts(periodId);
        var settling = new HashSet<Long>(contracts.size() * 2);
        contracts.forEach(c -> settling.add(c.id()));
        List<ContractTerms> toRate;
        if (kept.isEmpty() || !settling.containsAll(kept.keySet())) {
            store.clearResults(periodId);
            kept.clear();
            toRate = contracts;
        } else {
            var changed = new HashSet<>(store.contractsWithChangedUsage(periodId));
            toRate = contracts.stream().filter(c -> changed.contains(c.id()) || !kept.containsKey(c.id())).toList();
            store.clearResults(periodId, toRate.stream().map(ContractTerms::id).toList());
            toRate.forEach(c -> kept.remove(c.id()));
        }
        long records = 0;
        int discrepancies = 0;
        for (SettlementStore.RatedBefore unchanged : kept.values()) {
            records += unchanged.usageRecords();
            discrepancies += unchanged.discrepancies();
        }
        Rating rating = new Rating(period.rules());
        List<List<ContractTerms>> chunks = chunks(toRate);
        // The next chunk's usage is read on another connection while this one is rated and written: the reads wait
        // on the database's disk, the rating on the processor. They read what this transaction would: no usage of a
        // locked period can be stored meanwhile, and allocations are fixed once delivery starts.
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Map<Long, ContractUsage>> next = chunks.isEmpty() ? null
                    : reader.submit(() -> store.usage(chunks.getFirst()));
            for (int k = 0; k < chunks.size(); k++) {
                List<ContractTerms> chunk = chunks.get(k);
                Map<Long, ContractUsage> usage = await(next);
                List<ContractTerms> following = k + 1 < chunks.size() ? chunks.get(k + 1) : null;
                next = following == null ? null : reader.submit(() -> store.usage(following));
                var rated = new ArrayList<RatedContract>(chunk.size());
                int[] usageRecords = new int[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    var contractUsage = usage.get(chunk.get(i).id());
                    usageRecords[i] = contractUsage.provider().size() + contractUsage.buyer().size();
                    records += usageRecords[i];
                    RatedContract result = rating.rate(contractUsage);
                    discrepancies += result.discrepancies().size();
                    rated.add(result);
                }
                store.insertRated(periodId, chunk, rated, usageRecords);
            }
        }
        Map<String, Long> ids = store.organizationIds();
        Map<String, List<StatementLine>> lines = linesByOrganization(periodId);
        lines.forEach((org, own) -> store.insertStatement(periodId, ids.get(org), Statements.totals(org, own), null));
        store.markRated(periodId, contracts.size(), records, discrepancies, now);
        return lines;
    }

    /** Contracts in chunks of about {@link #CHUNK_HOURS} contract-hours, in order. */
    private static List<List<ContractTerms>> chunks(List<ContractTerms> contracts) {
        var chunks = new ArrayList<List<ContractTerms>>();
        for (int from = 0; from < contracts.size(); ) {
            int to = from;
            for (long hours = 0; to < contracts.size() && hours < CHUNK_HOURS && to - from < CHUNK_MAX_CONTRACTS;
                 to++) {
                ContractTerms c = contracts.get(to);
                hours += Math.max(1, Duration.between(c.deliveryStart(), c.deliveryEnd()).toHours());
            }
            chunks.add(contracts.subList(from, to));
            from = to;
        }
        return chunks;
    }

    private static <T> T await(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading usage to rate", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("reading usage to rate failed", e.getCause());
        }
    }

    Map<String, List<StatementLine>> linesByOrganization(long periodId) {
        var byOrganization = new TreeMap<String, List<StatementLine>>();
        for (SettledContract line : store.settledContracts(periodId)) {
            byOrganization.computeIfAbsent(line.buyer(), k -> new ArrayList<>()).add(line.forBuyer());
            byOrganization.computeIfAbsent(line.provider(), k -> new ArrayList<>()).add(line.forProvider());
        }
        for (Adjustment adjustment : store.adjustments(periodId)) {
            byOrganization.computeIfAbsent(adjustment.buyer(), k -> new ArrayList<>()).add(adjustment.forBuyer());
            byOrganization.computeIfAbsent(adjustment.provider(), k -> new ArrayList<>())
                    .add(adjustment.forProvider());
        }
        return byOrganization;
    }

    @Transactional(readOnly = true)
    public PeriodView period(long periodId) {
        return store.period(periodId).orElseThrow(() -> CpxException.notFound("settlement period", periodId));
    }

    @Transactional(readOnly = true)
    public List<PeriodView> periods(int limit) {
        return store.periods(Math.clamp(limit, 1, 200));
    }

    /** Statement totals of a period; {@code organization} null for all of them. */
    @Transactional(readOnly = true)
    public List<StatementTotals> statements(long periodId, String organization) {
        period(periodId);
        return store.statements(periodId).values().stream()
                .filter(s -> organization == null || s.organization().equals(organization))
                .toList();
    }

    /** One organization's statement lines. */
    @Transactional(readOnly = true)
    public List<StatementLine> lines(long periodId, String organization) {
        period(periodId);
        return linesByOrganization(periodId).getOrDefault(organization, List.of());
    }

    @Transactional(readOnly = true)
    public List<DiscrepancyView> discrepancies(long periodId, Long organizationId, int limit) {
        period(periodId);
        return store.discrepancies(periodId, organizationId, Math.clamp(limit, 1, 10_000));
    }

    /** The period's obligations netted: who owes whom gross, each net position, and the settling payments. */
    @Transactional(readOnly = true)
    public Netting.Result netting(long periodId) {
        period(periodId);
        var obligations = new ArrayList<Netting.Obligation>();
        for (SettledContract line : store.settledContracts(periodId)) {
            obligations.add(new Netting.Obligation(line.buyer(), line.provider(), line.ratedValueMinor()));
            obligations.add(new Netting.Obligation(line.buyer(), PLATFORM, line.buyerFeeMinor()));
            obligations.add(new Netting.Obligation(line.provider(), PLATFORM, line.providerFeeMinor()));
        }
        for (Adjustment adjustment : store.adjustments(periodId)) {
            obligations.add(adjustment.amountMinor() >= 0
                    ? new Netting.Obligation(adjustment.buyer(), adjustment.provider(), adjustment.amountMinor())
                    : new Netting.Obligation(adjustment.provider(), adjustment.buyer(), -adjustment.amountMinor()));
        }
        return Netting.net(obligations, "CLEARING");
    }

    /**
     * Either side of the contract opens a dispute on a discrepancy, from the period's first run until its dispute
     * window after close ends. The contested share of the line's value is withheld from the provider's payout
     * until the dispute is resolved.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public DisputeView openDispute(long organizationId, long discrepancyId, String reason, String actor) {
        var discrepancy = store.discrepancyContext(discrepancyId)
                .filter(d -> d.buyerId() == organizationId || d.providerId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("discrepancy", discrepancyId));
        checkReason(reason);
        PeriodView period = lockDisputable(discrepancy.periodId());
        var line = discrepancy.line();
        long withheld = DisputedAmounts.withheldMinor(line.valueMinor(), line.ratedValueMinor(),
                line.contractedGpuSeconds(), discrepancy.differenceGpuSeconds());
        return insertDispute(period, discrepancy.contractId(), discrepancyId, organizationId, reason, withheld,
                "discrepancy " + discrepancyId, actor);
    }

    /**
     * Either side of a contract disputes its whole line in a period where one side never reported (there is no
     * discrepancy to point at): what rests on one side alone is contested, or, where neither side reported, the
     * whole contract. A line both sides reported is disputed through its discrepancies.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public DisputeView openLineDispute(long organizationId, long periodId, long contractId, String reason,
                                       String actor) {
        var context = store.lineContext(periodId, contractId)
                .filter(c -> c.buyerId() == organizationId || c.providerId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("line of contract " + contractId + " in period", periodId));
        checkReason(reason);
        long contested = context.oneSidedGpuSeconds() > 0 ? context.oneSidedGpuSeconds()
                : context.coverage() == Coverage.NONE ? context.line().contractedGpuSeconds() : 0;
        if (contested == 0) {
            throw new CpxException(ErrorCode.CONFLICT, "both sides reported every part of contract " + contractId
                    + "; dispute the discrepancies where they differ");
        }
        PeriodView period = lockDisputable(periodId);
        var line = context.line();
        long withheld = DisputedAmounts.withheldMinor(line.valueMinor(), line.ratedValueMinor(),
                line.contractedGpuSeconds(), contested);
        return insertDispute(period, contractId, null, organizationId, reason, withheld, "line of contract "
                + contractId, actor);
    }

    private static void checkReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a reason of 1-500 characters is required",
                    List.of(new FieldError("reason", "1-500 characters")));
        }
    }

    /**
     * Locks the disputed period, which orders the dispute against a close or a true-up running now, and refuses
     * once its dispute window after close has ended.
     */
    private PeriodView lockDisputable(long periodId) {
        PeriodView period = store.lockPeriod(periodId).orElseThrow();
        Instant until = period.open() ? null : period.closedAt().plus(settings.disputeWindow());
        if (until != null && !clock.instant().isBefore(until)) {
            throw new CpxException(ErrorCode.DISPUTE_WINDOW_CLOSED, "period " + periodId + " closed at "
                    + period.closedAt() + "; it could be disputed for " + settings.disputeWindow().toDays()
                    + " days after, until " + until);
        }
        return period;
    }

    private DisputeView insertDispute(PeriodView period, long contractId, Long discrepancyId, long organizationId,
                                      String reason, long withheldMinor, String subject, String actor) {
        Instant now = clock.instant();
        long disputeId;
        try {
            disputeId = store.insertDispute(period.periodId(), contractId, discrepancyId, organizationId, actor,
                    reason.strip(), withheldMinor, now);
        } catch (org.springframework.dao.DuplicateKeyException exists) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "the " + subject + " is already disputed");
        }
        store.audit(actor, "DISPUTE_OPENED", period.periodId(), subject, reason.strip() + " (withheld "
                + Money.format(withheldMinor) + " " + period.currency() + ")", now);
        return store.dispute(disputeId).orElseThrow();
    }

    /**
     * Platform finance resolves a dispute: an adjustment of {@code amountMinor} (zero for none) to the buyer or to
     * the provider, at most what the disputed line holds for that side, moved in the ledger now and booked in the
     * dispute's own period: in its next run while it is open, in its next TRUE_UP run once it is closed.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public DisputeView resolveDispute(long disputeId, long amountMinor, String to, String resolution, String actor) {
        DisputeView dispute = store.dispute(disputeId).orElseThrow(() -> CpxException.notFound("dispute", disputeId));
        if (amountMinor < 0 || (amountMinor > 0 && !"BUYER".equals(to) && !"PROVIDER".equals(to))) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "an adjustment is a non-negative amount to BUYER or "
                    + "PROVIDER", List.of(new FieldError("to", "BUYER or PROVIDER")));
        }
        if (resolution == null || resolution.isBlank() || resolution.length() > 500) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a resolution of 1-500 characters is required",
                    List.of(new FieldError("resolution", "1-500 characters")));
        }
        PeriodView period = store.lockPeriod(dispute.periodId()).orElseThrow();
        if (!"OPEN".equals(store.dispute(disputeId).orElseThrow().status())) {
            throw new CpxException(ErrorCode.CONFLICT, "dispute " + disputeId + " is already resolved");
        }
        checkAdjustmentFitsTheLine(disputeId, amountMinor, to);
        long[] parties = store.disputeParties(disputeId);
        long signed = "BUYER".equals(to) ? -amountMinor : amountMinor;
        Instant now = clock.instant();
        if (!store.resolveDispute(disputeId, resolution.strip(), signed, period.periodId(), actor, now)) {
            throw new CpxException(ErrorCode.STALE_UPDATE, "dispute " + disputeId + " changed meanwhile");
        }
        if (amountMinor > 0) {
            long from = signed > 0 ? parties[0] : parties[1];
            long toOrganization = signed > 0 ? parties[1] : parties[0];
            ledger.adjust(from, toOrganization, amountMinor, "dispute:" + disputeId);
        }
        String adjustment = amountMinor == 0 ? "no adjustment"
                : "adjustment " + Money.format(amountMinor) + " " + period.currency() + " to "
                        + to.toLowerCase(Locale.ROOT);
        String booked = period.open() ? "booked in the period's next run" : "booked in the period's next TRUE_UP run";
        store.audit(actor, "DISPUTE_RESOLVED", period.periodId(), "dispute " + disputeId,
                resolution.strip() + " (" + adjustment + ", " + booked + ")", now);
        if (period.open()) {
            rate(period, actor, now);
        }
        return store.dispute(disputeId).orElseThrow();
    }

    private void checkAdjustmentFitsTheLine(long disputeId, long amountMinor, String to) {
        if (amountMinor == 0) {
            return;
        }
        var line = store.disputedLine(disputeId);
        var role = "BUYER".equals(to) ? StatementLine.Role.BUYER : StatementLine.Role.PROVIDER;
        long limit = DisputedAmounts.adjustmentLimitMinor(role, line.ratedValueMinor(), line.slaCreditMinor());
        if (amountMinor > limit) {
            throw new CpxException(ErrorCode.ADJUSTMENT_EXCEEDS_LINE, "an adjustment to the " + to.toLowerCase(
                    Locale.ROOT) + " is at most " + Money.format(limit) + " on this line ("
                    + (role == StatementLine.Role.BUYER ? "what it charged the buyer" : "the SLA credit it took "
                    + "from the provider") + "), not " + Money.format(amountMinor),
                    List.of(new FieldError("adjustment", "at most " + Money.format(limit))));
        }
    }

    @Transactional(readOnly = true)
    public List<DisputeView> disputes(Long organizationId, int limit) {
        return store.disputes(organizationId, Math.clamp(limit, 1, 500));
    }

    @Transactional(readOnly = true)
    public String statementHash(long periodId, String organization) {
        return store.statementHash(periodId, organization).orElse(null);
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> auditTrail(long periodId) {
        period(periodId);
        return store.auditTrail(periodId);
    }

    /** Organization totals keyed by code, in code order, for reports. */
    @Transactional(readOnly = true)
    public Map<String, StatementTotals> statementMap(long periodId) {
        return new LinkedHashMap<>(store.statements(periodId));
    }
}
