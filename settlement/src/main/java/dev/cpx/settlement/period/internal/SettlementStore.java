package dev.cpx.settlement.period.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.period.DiscrepancyView;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.SettlementSettings;
import dev.cpx.settlement.rating.ContractUsage;
import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.rating.RatedContract;
import dev.cpx.settlement.rating.RatingRules;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.SettledContract;
import dev.cpx.settlement.statement.StatementTotals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of settlement; reads contracts, allocations and usage, writes the period's results. */
@Component
public class SettlementStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    SettlementStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A contract to settle with its parties and fees. */
    public record ContractTerms(long id, long buyerId, long providerId, String buyer, String provider,
                                String instrument, long quantity, long priceMinor, long valueMinor, long buyerFeeMinor,
                                Instant deliveryStart, Instant deliveryEnd) {
    }

    /** Inserts an open period with the currency and rules it will rate with, as configured now. */
    public long insertPeriod(Instant start, Instant end, SettlementSettings settings, String actor, Instant now) {
        var key = new GeneratedKeyHolder();
        RatingRules rules = settings.rules();
        jdbc.sql("""
                        insert into settlement_period (period_start, period_end, status, created_at, created_by,
                          currency, tolerance_gpu_seconds, tolerance_permille, provider_fee_basis_points)
                        values (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)""")
                .params(utc(start), utc(end), utc(now), actor, settings.currency(), rules.toleranceGpuSeconds(),
                        rules.tolerancePermille(), rules.providerFeeBasisPoints())
                .update(key, "id");
        return key.getKey().longValue();
    }

    public boolean overlapsAnotherPeriod(Instant start, Instant end) {
        return jdbc.sql("select count(*) from settlement_period where period_start < ? and period_end > ?")
                .params(utc(end), utc(start)).query(Long.class).single() > 0;
    }

    /** Locks the period row for the rest of the transaction, so two runs of one period never interleave. */
    public Optional<PeriodView> lockPeriod(long periodId) {
        return jdbc.sql(PERIOD_SELECT + " where p.id = ? for update").param(periodId).query(SettlementStore::period)
                .optional();
    }

    public Optional<PeriodView> period(long periodId) {
        return jdbc.sql(PERIOD_SELECT + " where p.id = ?").param(periodId).query(SettlementStore::period).optional();
    }

    public List<PeriodView> periods(int limit) {
        return jdbc.sql(PERIOD_SELECT + " order by p.period_start desc limit ?").param(limit)
                .query(SettlementStore::period).list();
    }

    /**
     * Periods newest first, of one status or any ({@code status} null), and only those holding a statement of
     * {@code organizationId} unless it is null.
     */
    public List<PeriodView> periods(Long organizationId, String status, int limit) {
        return jdbc.sql(PERIOD_SELECT + "\n" + """
                         where (:status is null or p.status = :status)
                           and (:org is null or exists (select 1 from statement s where s.period_id = p.id
                                                         and s.organization_id = :org))
                         order by p.period_start desc limit :limit""")
                .param("status", status).param("org", organizationId).param("limit", limit)
                .query(SettlementStore::period).list();
    }

    /**
     * Locks, in id order, the periods that settle contracts whose delivery ends between {@code from} and
     * {@code to}, and returns the ids of those that are closed. A close holds its period's lock from its first
     * rating to its commit, so usage stored under these locks is either rated by that close or refused after it.
     */
    public java.util.Set<Long> lockPeriodsSettling(Instant from, Instant to) {
        var closed = new java.util.HashSet<Long>();
        jdbc.sql("select id, status from settlement_period where period_end >= ? and period_start < ? "
                        + "order by id for update")
                .params(utc(from), utc(to))
                .query((rs, n) -> "CLOSED".equals(rs.getString(2)) && closed.add(rs.getLong(1)))
                .list();
        return closed;
    }

    /** Below MariaDB's in_predicate_conversion_threshold (1,000), so an IN list is read as ranges of an index. */
    private static final int RANGE_IN_LIST = 999;

    private static final String PERIOD_SELECT = """
            select p.id, p.period_start, p.period_end, p.status, p.contract_count, p.record_count, p.discrepancy_count,
                   (select coalesce(sum(value_minor), 0) from settled_contract s where s.period_id = p.id),
                   (select coalesce(sum(sla_credit_minor), 0) from settled_contract s where s.period_id = p.id),
                   (select coalesce(sum(buyer_fee_minor + provider_fee_minor), 0) from settled_contract s
                     where s.period_id = p.id),
                   (select coalesce(sum(delivered_gpu_seconds), 0) from settled_contract s where s.period_id = p.id),
                   (select coalesce(sum(contracted_gpu_seconds), 0) from settled_contract s where s.period_id = p.id),
                   p.content_hash, p.rated_at, p.closed_at, p.currency, p.tolerance_gpu_seconds,
                   p.tolerance_permille, p.provider_fee_basis_points
            from settlement_period p""";

    /** Contracts whose delivery ended in the period and that no other period settled, by id. */
    public List<ContractTerms> contractsToSettle(long periodId, Instant start, Instant end) {
        return jdbc.sql("""
                        select c.id, c.buyer_org_id, c.provider_org_id, b.code, p.code, i.symbol, c.quantity, c.price_ticks,
                               c.value_minor, c.buyer_fee_minor, c.delivery_start, c.delivery_end
                        from contract c join organization b on b.id = c.buyer_org_id
                        join organization p on p.id = c.provider_org_id join instrument i on i.id = c.instrument_id
                        where c.delivery_end > ? and c.delivery_end <= ?
                          and not exists (select 1 from settled_contract s where s.contract_id = c.id and s.period_id <> ?)
                        order by c.id""")
                .params(utc(start), utc(end), periodId)
                .query((rs, n) -> new ContractTerms(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        instant(rs, 11), instant(rs, 12)))
                .list();
    }

    /** Allocated nodes and both sources' usage of a chunk of contracts, in three queries. */
    public Map<Long, ContractUsage> usage(List<ContractTerms> contracts) {
        var ids = contracts.stream().map(ContractTerms::id).toList();
        var nodes = new HashMap<Long, Map<Long, Integer>>();
        var provider = new HashMap<Long, List<ContractUsage.Usage>>();
        var buyer = new HashMap<Long, List<ContractUsage.Usage>>();
        if (!ids.isEmpty()) {
            // Lists short enough to stay a range of the contract index: MariaDB turns a longer IN list into a
            // derived table and then read every allocation ever made once per chunk (0.3 s of a 1.6 s chunk).
            for (int from = 0; from < ids.size(); from += RANGE_IN_LIST) {
                jdbc.sql("select contract_id, node_id, gpu_count from contract_allocation where contract_id in (:ids)")
                        .param("ids", ids.subList(from, Math.min(ids.size(), from + RANGE_IN_LIST)))
                        .query((rs, n) -> nodes.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(rs.getLong(2), rs.getInt(3)))
                        .list();
            }
            jdbc.sql("select contract_id, source, node_id, interval_start, interval_end, gpu_seconds from usage_record "
                            + "where contract_id in (:ids)")
                    .param("ids", ids)
                    .query((rs, n) -> ("PROVIDER".equals(rs.getString(2)) ? provider : buyer)
                            .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new ContractUsage.Usage(rs.getLong(3), instant(rs, 4), instant(rs, 5), rs.getLong(6))))
                    .list();
        }
        var usage = new HashMap<Long, ContractUsage>();
        for (ContractTerms c : contracts) {
            usage.put(c.id(), new ContractUsage(c.id(), c.quantity(), c.valueMinor(), c.deliveryStart(),
                    c.deliveryEnd(), nodes.getOrDefault(c.id(), Map.of()), provider.getOrDefault(c.id(), List.of()),
                    buyer.getOrDefault(c.id(), List.of())));
        }
        return usage;
    }

    /** What the last rating of a contract counted: the usage records it read and the discrepancies it found. */
    public record RatedBefore(int usageRecords, int discrepancies) {
    }

    /** The contracts a period has rated, by id. */
    public Map<Long, RatedBefore> ratedContracts(long periodId) {
        var rated = new HashMap<Long, RatedBefore>();
        jdbc.sql("select contract_id, usage_record_count, difference_count from settled_contract where period_id = ?")
                .param(periodId)
                .query((rs, n) -> rated.put(rs.getLong(1), new RatedBefore(rs.getInt(2), rs.getInt(3))))
                .list();
        return rated;
    }

    /**
     * The rated contracts of a period whose usage records are no longer those their rating read. Records are only
     * ever added, so comparing counts is enough; each count is a range of the usage index.
     */
    public List<Long> contractsWithChangedUsage(long periodId) {
        return jdbc.sql("""
                        select s.contract_id from settled_contract s where s.period_id = ?
                          and s.usage_record_count <> (select count(*) from usage_record u
                                                       where u.contract_id = s.contract_id)""")
                .param(periodId).query(Long.class).list();
    }

    /** Clears the results of some contracts of an open period before they are rated again (see below). */
    public void clearResults(long periodId, List<Long> contractIds) {
        jdbc.sql("delete from statement where period_id = ?").param(periodId).update();
        for (int from = 0; from < contractIds.size(); from += RANGE_IN_LIST) {
            var ids = contractIds.subList(from, Math.min(contractIds.size(), from + RANGE_IN_LIST));
            jdbc.sql("delete from discrepancy where period_id = :period and contract_id in (:ids) and id not in "
                            + "(select discrepancy_id from dispute where discrepancy_id is not null)")
                    .param("period", periodId).param("ids", ids).update();
            jdbc.sql("delete from settled_contract where period_id = :period and contract_id in (:ids)")
                    .param("period", periodId).param("ids", ids).update();
        }
    }

    /**
     * Clears an open period's results before it is rated again. A disputed discrepancy stays (its dispute points
     * at it): the next rating updates its figures in place when the difference is still there.
     */
    public void clearResults(long periodId) {
        jdbc.sql("delete from statement where period_id = ?").param(periodId).update();
        jdbc.sql("delete from discrepancy where period_id = ? and id not in (select discrepancy_id from dispute "
                        + "where discrepancy_id is not null)")
                .param(periodId).update();
        jdbc.sql("delete from settled_contract where period_id = ?").param(periodId).update();
    }

    /** The disputed discrepancies of a period by contract, node and interval start. */
    private Map<String, Long> disputedDiscrepancies(long periodId) {
        var kept = new HashMap<String, Long>();
        jdbc.sql("select d.id, d.contract_id, d.node_id, d.interval_start from discrepancy d join dispute t "
                        + "on t.discrepancy_id = d.id where d.period_id = ?")
                .param(periodId)
                .query((rs, n) -> kept.put(rs.getLong(2) + "/" + rs.getLong(3) + "/" + instant(rs, 4), rs.getLong(1)))
                .list();
        return kept;
    }

    public void clearStatementsOnly(long periodId) {
        jdbc.sql("delete from statement where period_id = ?").param(periodId).update();
    }

    /** The rated contracts of a chunk, each with the count of usage records its rating read. */
    public void insertRated(long periodId, List<ContractTerms> terms, List<RatedContract> rated, int[] usageRecords) {
        var rows = new ArrayList<Object[]>(rated.size());
        for (int i = 0; i < rated.size(); i++) {
            RatedContract r = rated.get(i);
            rows.add(new Object[] {periodId, r.contractId(), r.contractedGpuSeconds(), r.providerGpuSeconds(),
                    r.buyerGpuSeconds(), r.buyerReported(), r.deliveredGpuSeconds(), r.valueMinor(), r.slaCreditMinor(),
                    r.ratedValueMinor(), terms.get(i).buyerFeeMinor(), r.providerFeeMinor(), r.coverage().name(),
                    r.oneSidedProviderGpuSeconds(), r.oneSidedBuyerGpuSeconds(), r.overAllocatedGpuSeconds(),
                    r.discrepancies().size(), r.beyondTolerance(), usageRecords[i]});
        }
        batch.batchUpdate("""
                insert into settled_contract (period_id, contract_id, contracted_gpu_seconds, provider_gpu_seconds,
                  buyer_gpu_seconds, buyer_reported, delivered_gpu_seconds, value_minor, sla_credit_minor,
                  rated_value_minor, buyer_fee_minor, provider_fee_minor, coverage, one_sided_provider_gpu_seconds,
                  one_sided_buyer_gpu_seconds, over_allocated_gpu_seconds, difference_count, beyond_tolerance_count,
                  usage_record_count)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        Map<String, Long> disputed = disputedDiscrepancies(periodId);
        var discrepancies = new ArrayList<Object[]>();
        var updates = new ArrayList<Object[]>();
        for (RatedContract r : rated) {
            for (var d : r.discrepancies()) {
                Long kept = disputed.get(d.contractId() + "/" + d.nodeId() + "/" + d.intervalStart());
                if (kept != null) {
                    updates.add(new Object[] {utc(d.intervalEnd()), d.providerGpuSeconds(), d.buyerGpuSeconds(),
                            d.withinTolerance(), d.ratedGpuSeconds(), kept});
                    continue;
                }
                discrepancies.add(new Object[] {periodId, d.contractId(), d.nodeId(), utc(d.intervalStart()),
                        utc(d.intervalEnd()), d.providerGpuSeconds(), d.buyerGpuSeconds(), d.withinTolerance(),
                        d.ratedGpuSeconds()});
            }
        }
        batch.batchUpdate("insert into discrepancy (period_id, contract_id, node_id, interval_start, interval_end, "
                + "provider_gpu_seconds, buyer_gpu_seconds, within_tolerance, rated_gpu_seconds) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", discrepancies);
        batch.batchUpdate("update discrepancy set interval_end = ?, provider_gpu_seconds = ?, buyer_gpu_seconds = ?, "
                + "within_tolerance = ?, rated_gpu_seconds = ? where id = ?", updates);
    }

    public void markRated(long periodId, int contracts, long records, int discrepancies, Instant now) {
        jdbc.sql("update settlement_period set contract_count = ?, record_count = ?, discrepancy_count = ?, "
                        + "rated_at = ? where id = ?")
                .params(contracts, records, discrepancies, utc(now), periodId).update();
    }

    public void insertStatement(long periodId, long organizationId, StatementTotals totals, String hash) {
        jdbc.sql("""
                        insert into statement (period_id, organization_id, gross_payable_minor, gross_receivable_minor,
                          sla_credits_minor, fees_minor, adjustments_minor, net_minor, prepaid_minor,
                          paid_at_close_minor, content_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(periodId, organizationId, totals.grossPayableMinor(), totals.grossReceivableMinor(),
                        totals.slaCreditsMinor(), totals.feesMinor(), totals.adjustmentsMinor(), totals.netMinor(),
                        totals.prepaidMinor(), totals.paidAtCloseMinor(), hash)
                .update();
    }

    /** The period's current statements become those of a run, with their content hashes. */
    public void replaceStatements(long periodId, RunContent run) {
        clearStatementsOnly(periodId);
        Map<String, Long> ids = organizationIds();
        run.statements().forEach((org, statement) -> insertStatement(periodId, ids.get(org), statement.totals(),
                statement.contentHash()));
    }

    public void markClosed(long periodId, String hash, String actor, Instant now) {
        int updated = jdbc.sql("update settlement_period set status = 'CLOSED', content_hash = ?, closed_at = ?, "
                        + "closed_by = ?, version = version + 1 where id = ? and status = 'OPEN'")
                .params(hash, utc(now), actor, periodId).update();
        if (updated != 1) {
            throw new IllegalStateException("period " + periodId + " was not open");
        }
    }

    /** Closed periods that hold no run: closed before runs were recorded. */
    public List<Long> closedPeriodsWithoutRuns() {
        return jdbc.sql("select p.id from settlement_period p where p.status = 'CLOSED' and not exists "
                + "(select 1 from settlement_run r where r.period_id = p.id) order by p.id").query(Long.class).list();
    }

    /** A closed period's content hash becomes that of the FINAL run recorded for it later. */
    public void replaceClosedContentHash(long periodId, String hash) {
        int updated = jdbc.sql("update settlement_period set content_hash = ?, version = version + 1 "
                + "where id = ? and status = 'CLOSED'").params(hash, periodId).update();
        if (updated != 1) {
            throw new IllegalStateException("period " + periodId + " is not closed");
        }
    }

    /** The contracts settled in a period, with both parties, by contract id. */
    public List<SettledContract> settledContracts(long periodId) {
        return jdbc.sql("""
                        select s.contract_id, i.symbol, c.buyer_org_id, b.code, c.provider_org_id, p.code, c.quantity,
                               c.price_ticks, s.contracted_gpu_seconds, s.provider_gpu_seconds, s.buyer_gpu_seconds,
                               s.delivered_gpu_seconds, s.value_minor, s.rated_value_minor, s.sla_credit_minor,
                               s.buyer_fee_minor, s.provider_fee_minor, s.coverage, s.one_sided_provider_gpu_seconds,
                               s.one_sided_buyer_gpu_seconds, s.difference_count, s.beyond_tolerance_count,
                               c.buyer_project, c.provider_project
                        from settled_contract s join contract c on c.id = s.contract_id
                        join instrument i on i.id = c.instrument_id join organization b on b.id = c.buyer_org_id
                        join organization p on p.id = c.provider_org_id
                        where s.period_id = ? order by s.contract_id""")
                .param(periodId)
                .query((rs, n) -> new SettledContract(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
                        rs.getLong(17), Coverage.valueOf(rs.getString(18)), rs.getLong(19), rs.getLong(20),
                        rs.getInt(21), rs.getInt(22), rs.getString(23), rs.getString(24)))
                .list();
    }

    public Map<String, StatementTotals> statements(long periodId) {
        var totals = new java.util.LinkedHashMap<String, StatementTotals>();
        jdbc.sql("""
                        select o.code, s.gross_payable_minor, s.gross_receivable_minor, s.sla_credits_minor,
                               s.fees_minor, s.adjustments_minor, s.net_minor, s.prepaid_minor, s.paid_at_close_minor
                        from statement s join organization o on o.id = s.organization_id
                        where s.period_id = ? order by o.code""")
                .param(periodId)
                .query((rs, n) -> totals.put(rs.getString(1), new StatementTotals(rs.getString(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                        rs.getLong(9))))
                .list();
        return totals;
    }

    public Optional<String> statementHash(long periodId, String organizationCode) {
        return jdbc.sql("select s.content_hash from statement s join organization o on o.id = s.organization_id "
                        + "where s.period_id = ? and o.code = ?")
                .params(periodId, organizationCode).query(String.class).optional();
    }

    public List<DiscrepancyView> discrepancies(long periodId, Long organizationId, int limit) {
        return jdbc.sql("""
                        select d.id, d.contract_id, n.cpid, d.interval_start, d.interval_end, d.provider_gpu_seconds,
                               d.buyer_gpu_seconds, d.within_tolerance, d.rated_gpu_seconds, t.status
                        from discrepancy d join node n on n.id = d.node_id join contract c on c.id = d.contract_id
                        left join dispute t on t.discrepancy_id = d.id
                        where d.period_id = :period
                          and (:org is null or c.buyer_org_id = :org or c.provider_org_id = :org)
                        order by d.contract_id, d.interval_start, n.cpid limit :limit""")
                .param("period", periodId).param("org", organizationId).param("limit", limit)
                .query((rs, n) -> new DiscrepancyView(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs, 4),
                        instant(rs, 5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8), rs.getLong(9),
                        rs.getString(10)))
                .list();
    }

    /**
     * A discrepancy with what a dispute on it needs: its contract's parties, its period's state and close, the
     * difference between the sides, and the figures of its contract's line.
     */
    public record DiscrepancyContext(long discrepancyId, long contractId, long periodId, String periodStatus,
                                     Instant periodEnd, Instant closedAt, long buyerId, long providerId,
                                     long differenceGpuSeconds, LineFigures line) {
    }

    /** What a contract's statement line holds, for the amounts a dispute on it withholds and may move. */
    public record LineFigures(long valueMinor, long ratedValueMinor, long slaCreditMinor, long contractedGpuSeconds) {
    }

    public Optional<DiscrepancyContext> discrepancyContext(long discrepancyId) {
        return jdbc.sql("""
                        select d.id, d.contract_id, d.period_id, p.status, p.period_end, p.closed_at, c.buyer_org_id,
                               c.provider_org_id, d.provider_gpu_seconds - d.buyer_gpu_seconds, s.value_minor,
                               s.rated_value_minor, s.sla_credit_minor, s.contracted_gpu_seconds
                        from discrepancy d join settlement_period p on p.id = d.period_id
                        join contract c on c.id = d.contract_id
                        join settled_contract s on s.contract_id = d.contract_id and s.period_id = d.period_id
                        where d.id = ?""")
                .param(discrepancyId)
                .query((rs, n) -> new DiscrepancyContext(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        instant(rs, 5), rs.getObject(6) == null ? null : instant(rs, 6), rs.getLong(7), rs.getLong(8),
                        rs.getLong(9), new LineFigures(rs.getLong(10), rs.getLong(11), rs.getLong(12),
                                rs.getLong(13))))
                .optional();
    }

    /**
     * Inserts an open dispute on a discrepancy ({@code discrepancyId} set) or on a whole contract line
     * ({@code discrepancyId} null); a second one on the same discrepancy or line breaks a unique key.
     */
    public long insertDispute(long periodId, long contractId, Long discrepancyId, long organizationId, String actor,
                              String reason, long withheldMinor, Instant now) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into dispute (period_id, contract_id, discrepancy_id, line_contract_id, opened_by_org_id, "
                        + "opened_by, reason, status, opened_at, withheld_minor) "
                        + "values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)")
                .params(periodId, contractId, discrepancyId, discrepancyId == null ? contractId : null, organizationId,
                        actor, reason, utc(now), withheldMinor)
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** A contract's line in a period with what a dispute on the whole line needs. */
    public record LineContext(long periodId, long contractId, long buyerId, long providerId, Coverage coverage,
                              long oneSidedGpuSeconds, long deliveredGpuSeconds, LineFigures line) {
    }

    public Optional<LineContext> lineContext(long periodId, long contractId) {
        return jdbc.sql("""
                        select s.period_id, s.contract_id, c.buyer_org_id, c.provider_org_id, s.coverage,
                               s.one_sided_provider_gpu_seconds + s.one_sided_buyer_gpu_seconds,
                               s.delivered_gpu_seconds, s.value_minor, s.rated_value_minor, s.sla_credit_minor,
                               s.contracted_gpu_seconds
                        from settled_contract s join contract c on c.id = s.contract_id
                        where s.period_id = ? and s.contract_id = ?""")
                .params(periodId, contractId)
                .query((rs, n) -> new LineContext(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        Coverage.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7),
                        new LineFigures(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11))))
                .optional();
    }

    /** What open disputes withhold from each provider's payout in a period, by organization code. */
    public Map<String, Long> withheld(long periodId) {
        var withheld = new HashMap<String, Long>();
        jdbc.sql("""
                        select o.code, sum(t.withheld_minor) from dispute t join contract c on c.id = t.contract_id
                        join organization o on o.id = c.provider_org_id
                        where t.period_id = ? and t.status = 'OPEN' group by o.code""")
                .param(periodId).query((rs, n) -> withheld.put(rs.getString(1), rs.getLong(2))).list();
        return withheld;
    }

    /** The figures of a disputed discrepancy's contract line, for the limit of an adjustment. */
    public LineFigures disputedLine(long disputeId) {
        return jdbc.sql("""
                        select s.value_minor, s.rated_value_minor, s.sla_credit_minor, s.contracted_gpu_seconds
                        from dispute t
                        join settled_contract s on s.contract_id = t.contract_id and s.period_id = t.period_id
                        where t.id = ?""")
                .param(disputeId)
                .query((rs, n) -> new LineFigures(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    public boolean resolveDispute(long disputeId, String resolution, long adjustmentMinor, long adjustmentPeriodId,
                                  String actor, Instant now) {
        return jdbc.sql("update dispute set status = 'RESOLVED', resolution = ?, adjustment_minor = ?, "
                        + "adjustment_period_id = ?, resolved_at = ?, resolved_by = ?, version = version + 1 "
                        + "where id = ? and status = 'OPEN'")
                .params(resolution, adjustmentMinor, adjustmentPeriodId, utc(now), actor, disputeId).update() == 1;
    }

    private static final String DISPUTE_SELECT = """
            select t.id, t.discrepancy_id, t.contract_id, t.period_id, t.opened_by, o.code, t.reason, t.status,
                   t.opened_at, t.resolution, t.adjustment_minor, t.adjustment_period_id, t.resolved_by, t.resolved_at,
                   c.buyer_org_id, c.provider_org_id, t.withheld_minor
            from dispute t join contract c on c.id = t.contract_id
            join organization o on o.id = t.opened_by_org_id""";

    /** Disputes, optionally of one organization's contracts only; newest first. */
    public List<dev.cpx.settlement.period.DisputeView> disputes(Long organizationId, int limit) {
        return jdbc.sql(DISPUTE_SELECT + " where (:org is null or c.buyer_org_id = :org or c.provider_org_id = :org) "
                        + "order by t.id desc limit :limit")
                .param("org", organizationId).param("limit", limit)
                .query(SettlementStore::dispute).list();
    }

    public Optional<dev.cpx.settlement.period.DisputeView> dispute(long disputeId) {
        return jdbc.sql(DISPUTE_SELECT + " where t.id = ?").param(disputeId).query(SettlementStore::dispute).optional();
    }

    /** Parties of a dispute's contract: buyer id, provider id. */
    public long[] disputeParties(long disputeId) {
        return jdbc.sql("select c.buyer_org_id, c.provider_org_id from dispute t join contract c on c.id = "
                        + "t.contract_id where t.id = ?")
                .param(disputeId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    private static dev.cpx.settlement.period.DisputeView dispute(ResultSet rs, int row) throws SQLException {
        long adjustment = rs.getLong(11);
        Long adjustmentMinor = rs.wasNull() ? null : Math.abs(adjustment);
        String to = adjustmentMinor == null ? null : adjustment >= 0 ? "PROVIDER" : "BUYER";
        long period = rs.getLong(12);
        Long adjustmentPeriod = rs.wasNull() ? null : period;
        LocalDateTime resolvedAt = rs.getObject(14, LocalDateTime.class);
        long discrepancy = rs.getLong(2);
        Long discrepancyId = rs.wasNull() ? null : discrepancy;
        return new dev.cpx.settlement.period.DisputeView(rs.getLong(1), discrepancyId, rs.getLong(3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), rs.getString(10),
                adjustmentMinor, to, adjustmentPeriod, rs.getString(13),
                resolvedAt == null ? null : resolvedAt.toInstant(ZoneOffset.UTC), rs.getLong(17));
    }

    /** Adjustments booked into a period, by dispute id. */
    public List<Adjustment> adjustments(long periodId) {
        return jdbc.sql("""
                        select t.id, coalesce(t.discrepancy_id, 0), t.period_id, c.id, i.symbol, c.buyer_org_id, b.code,
                               c.provider_org_id, p.code, t.adjustment_minor
                        from dispute t join contract c on c.id = t.contract_id
                        join instrument i on i.id = c.instrument_id
                        join organization b on b.id = c.buyer_org_id join organization p on p.id = c.provider_org_id
                        where t.adjustment_period_id = ? and t.status = 'RESOLVED' order by t.id""")
                .param(periodId)
                .query((rs, n) -> new Adjustment(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                        rs.getLong(10)))
                .list();
    }

    public void audit(String actor, String action, Long periodId, String subject, String detail, Instant now) {
        jdbc.sql("insert into settlement_audit (at, actor, action, period_id, subject, detail) values (?, ?, ?, ?, ?, ?)")
                .params(utc(now), actor, action, periodId, subject, detail).update();
    }

    /** The audit trail of a period, oldest first. */
    public List<Map<String, Object>> auditTrail(long periodId) {
        return jdbc.sql("select at, actor, action, subject, detail from settlement_audit where period_id = ? order by id")
                .param(periodId)
                .query((rs, n) -> Map.<String, Object>of("at", instant(rs, 1).toString(), "actor", rs.getString(2),
                        "action", rs.getString(3), "subject", String.valueOf(rs.getString(4)),
                        "detail", String.valueOf(rs.getString(5))))
                .list();
    }

    public String organizationName(String code) {
        return jdbc.sql("select name from organization where code = ?").param(code).query(String.class).single();
    }

    public Map<String, Long> organizationIds() {
        var ids = new HashMap<String, Long>();
        jdbc.sql("select code, id from organization").query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2))).list();
        return ids;
    }

    private static PeriodView period(ResultSet rs, int row) throws SQLException {
        LocalDateTime rated = rs.getObject(14, LocalDateTime.class);
        LocalDateTime closed = rs.getObject(15, LocalDateTime.class);
        return new PeriodView(rs.getLong(1), instant(rs, 2), instant(rs, 3), rs.getString(4), rs.getInt(5),
                rs.getLong(6), rs.getInt(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                rs.getLong(12), rs.getString(13), rated == null ? null : rated.toInstant(ZoneOffset.UTC),
                closed == null ? null : closed.toInstant(ZoneOffset.UTC), rs.getString(16),
                new RatingRules(rs.getLong(17), rs.getInt(18), rs.getInt(19)));
    }


}
