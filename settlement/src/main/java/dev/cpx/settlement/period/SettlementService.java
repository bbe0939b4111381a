package dev.cpx.settlement.period;

import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.period.internal.SettlementStore;
import dev.cpx.settlement.period.internal.SettlementStore.ContractTerms;
import dev.cpx.settlement.rating.RatedContract;
import dev.cpx.settlement.rating.Rating;
import dev.cpx.settlement.rating.RatingRules;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.SettledContract;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.settlement.statement.Statements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs settlement periods. While a period is open its figures are preliminary and every run recomputes them from
 * all usage received so far (late and out-of-order records count until close). Closing rates once more, posts
 * every contract to the ledger, and freezes each statement with a content hash; a closed period never changes.
 */
@Service
public class SettlementService {

    public static final String PLATFORM = "CPX";
    public static final Duration MAX_PERIOD = Duration.ofDays(93);
    private static final int CHUNK = 500;

    private final SettlementStore store;
    private final LedgerService ledger;
    private final SettlementSettings settings;
    private final Clock clock;

    SettlementService(SettlementStore store, LedgerService ledger, SettlementSettings settings, Clock clock) {
        this.store = store;
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
        rate(store.lockPeriod(periodId).orElseThrow(), now);
        return store.period(periodId).orElseThrow();
    }

    /** Rates an open period again with every usage record received so far. */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public PeriodView rerun(long periodId, String actor) {
        PeriodView period = openPeriod(periodId);
        Instant now = clock.instant();
        rate(period, now);
        store.audit(actor, "PERIOD_RATED", periodId, null, null, now);
        return store.period(periodId).orElseThrow();
    }

    /**
     * Rates a last time, posts every contract to the ledger and freezes the statements. The period's row stays
     * locked from the first read to the commit, and every read sees what was committed before it (not a snapshot
     * from the start): usage stored before the lock is rated here, usage arriving after waits and is then refused.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public PeriodView close(long periodId, String actor) {
        PeriodView period = openPeriod(periodId);
        Instant now = clock.instant();
        rate(period, now);
        var postings = ledger.newBatch();
        for (SettledContract line : store.settledContracts(periodId)) {
            postings.settleContract(line.buyerId(), line.providerId(), line.valueMinor(), line.ratedValueMinor(),
                    line.slaCreditMinor(), line.providerFeeMinor(), "contract:" + line.contractId());
        }
        postings.flush(now);
        var hashes = new TreeMap<String, String>();
        Map<String, StatementTotals> statements = store.statements(periodId);
        Map<String, List<StatementLine>> lines = linesByOrganization(periodId);
        statements.forEach((org, totals) -> hashes.put(org, Statements.contentHash(periodId, totals,
                lines.getOrDefault(org, List.of()))));
        store.clearStatementsOnly(periodId);
        Map<String, Long> ids = store.organizationIds();
        statements.forEach((org, totals) -> store.insertStatement(periodId, ids.get(org), totals, hashes.get(org)));
        String periodHash = Statements.sha256(String.join("|", hashes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        store.markClosed(periodId, periodHash, actor, now);
        store.audit(actor, "PERIOD_CLOSED", periodId, null, "content hash " + periodHash, now);
        return store.period(periodId).orElseThrow();
    }

    private PeriodView openPeriod(long periodId) {
        PeriodView period = store.lockPeriod(periodId)
                .orElseThrow(() -> CpxException.notFound("settlement period", periodId));
        if (!"OPEN".equals(period.status())) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + periodId + " is closed; corrections go into the "
                    + "next open period as adjustments");
        }
        return period;
    }

    /** Rates every contract of an open period, locked by the caller, with the rules the period recorded. */
    private void rate(PeriodView period, Instant now) {
        long periodId = period.periodId();
        Rating rating = new Rating(period.rules());
        store.clearResults(periodId);
        List<ContractTerms> contracts = store.contractsToSettle(periodId, period.periodStart(), period.periodEnd());
        long records = 0;
        int discrepancies = 0;
        for (int from = 0; from < contracts.size(); from += CHUNK) {
            List<ContractTerms> chunk = contracts.subList(from, Math.min(contracts.size(), from + CHUNK));
            var usage = store.usage(chunk);
            var rated = new ArrayList<RatedContract>(chunk.size());
            for (ContractTerms contract : chunk) {
                var contractUsage = usage.get(contract.id());
                records += contractUsage.provider().size() + contractUsage.buyer().size();
                RatedContract result = rating.rate(contractUsage);
                discrepancies += result.discrepancies().size();
                rated.add(result);
            }
            store.insertRated(periodId, chunk, rated);
        }
        Map<String, Long> ids = store.organizationIds();
        linesByOrganization(periodId).forEach((org, lines) ->
                store.insertStatement(periodId, ids.get(org), Statements.totals(org, lines), null));
        store.markRated(periodId, contracts.size(), records, discrepancies, now);
    }

    private Map<String, List<StatementLine>> linesByOrganization(long periodId) {
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

    /** Either side of the contract opens a dispute on a discrepancy of a closed period. */
    @Transactional
    public DisputeView openDispute(long organizationId, long discrepancyId, String reason, String actor) {
        var discrepancy = store.discrepancyContext(discrepancyId)
                .filter(d -> d.buyerId() == organizationId || d.providerId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("discrepancy", discrepancyId));
        if (!"CLOSED".equals(discrepancy.periodStatus())) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + discrepancy.periodId() + " is still open: its "
                    + "figures may change; dispute once it is closed");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a reason of 1-500 characters is required",
                    List.of(new FieldError("reason", "1-500 characters")));
        }
        Instant now = clock.instant();
        long disputeId;
        try {
            disputeId = store.insertDispute(discrepancyId, organizationId, actor, reason.strip(), now);
        } catch (org.springframework.dao.DuplicateKeyException exists) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "discrepancy " + discrepancyId + " is already disputed");
        }
        store.audit(actor, "DISPUTE_OPENED", discrepancy.periodId(), "discrepancy " + discrepancyId, reason.strip(),
                now);
        return store.dispute(disputeId).orElseThrow();
    }

    /**
     * Platform finance resolves a dispute: an adjustment of {@code amountMinor} (zero for none) to the buyer or to
     * the provider, moved in the ledger now and shown on both statements of the next open period.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public DisputeView resolveDispute(long disputeId, long amountMinor, String to, String resolution, String actor) {
        DisputeView dispute = store.dispute(disputeId).orElseThrow(() -> CpxException.notFound("dispute", disputeId));
        if (!"OPEN".equals(dispute.status())) {
            throw new CpxException(ErrorCode.CONFLICT, "dispute " + disputeId + " is already resolved");
        }
        if (amountMinor < 0 || (amountMinor > 0 && !"BUYER".equals(to) && !"PROVIDER".equals(to))) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "an adjustment is a non-negative amount to BUYER or "
                    + "PROVIDER", List.of(new FieldError("to", "BUYER or PROVIDER")));
        }
        if (resolution == null || resolution.isBlank() || resolution.length() > 500) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a resolution of 1-500 characters is required",
                    List.of(new FieldError("resolution", "1-500 characters")));
        }
        PeriodView disputed = period(dispute.periodId());
        PeriodView next = lockNextOpenPeriod(disputed);
        long nextPeriod = next.periodId();
        long[] parties = store.disputeParties(disputeId);
        long signed = "BUYER".equals(to) ? -amountMinor : amountMinor;
        Instant now = clock.instant();
        if (!store.resolveDispute(disputeId, resolution.strip(), signed, nextPeriod, actor, now)) {
            throw new CpxException(ErrorCode.STALE_UPDATE, "dispute " + disputeId + " changed meanwhile");
        }
        if (amountMinor > 0) {
            long from = signed > 0 ? parties[0] : parties[1];
            long toOrganization = signed > 0 ? parties[1] : parties[0];
            ledger.adjust(from, toOrganization, amountMinor, "dispute:" + disputeId);
        }
        String adjustment = amountMinor == 0 ? "no adjustment"
                : "adjustment " + Money.format(amountMinor) + " " + next.currency() + " to " + to.toLowerCase(Locale.ROOT);
        store.audit(actor, "DISPUTE_RESOLVED", dispute.periodId(), "dispute " + disputeId,
                resolution.strip() + " (" + adjustment + ", booked in period " + nextPeriod + ")", now);
        store.audit(actor, "ADJUSTMENT_BOOKED", nextPeriod, "dispute " + disputeId, adjustment, now);
        rate(next, now);
        return store.dispute(disputeId).orElseThrow();
    }

    /**
     * The open period after a disputed one, locked until the resolution commits, so that its close cannot run
     * between choosing it and booking the adjustment into it (the close would freeze statements without it).
     */
    private PeriodView lockNextOpenPeriod(PeriodView disputed) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var candidate = store.nextOpenPeriod(disputed.periodEnd());
            if (candidate.isEmpty()) {
                break;
            }
            PeriodView locked = store.lockPeriod(candidate.get()).orElseThrow();
            if (locked.open()) {
                return locked;
            }
        }
        throw new CpxException(ErrorCode.CONFLICT, "no open period after " + disputed.periodEnd() + " to book the "
                + "adjustment into; open the next period first");
    }

    @Transactional(readOnly = true)
    public List<DisputeView> disputes(Long organizationId, int limit) {
        return store.disputes(organizationId, Math.clamp(limit, 1, 500));
    }

    /** An organization's statement of a period, ready for a report; preliminary (no hash) while open. */
    @Transactional(readOnly = true)
    public StatementDocument statementDocument(long periodId, String organization) {
        PeriodView period = period(periodId);
        StatementTotals totals = store.statements(periodId).get(organization);
        if (totals == null) {
            throw CpxException.notFound("statement of " + organization + " in period", periodId);
        }
        return new StatementDocument(periodId, period.periodStart(), period.periodEnd(), period.status(),
                organization, store.organizationName(organization), period.currency(),
                linesByOrganization(periodId).getOrDefault(organization, List.of()), totals,
                store.statementHash(periodId, organization).orElse(null), clock.instant());
    }

    /**
     * Every organization's totals of a period and their sum, in which each contract's SLA credit counts once
     * (it is on both parties' statements).
     */
    @Transactional(readOnly = true)
    public PlatformReport platformReport(long periodId) {
        PeriodView period = period(periodId);
        List<StatementTotals> totals = List.copyOf(store.statements(periodId).values());
        return new PlatformReport(periodId, period.periodStart(), period.periodEnd(), period.status(),
                period.currency(), totals, Statements.platformSum(totals, period.slaCreditsMinor()),
                period.contentHash(), clock.instant());
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
