package dev.cpx.settlement.metering.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.metering.UsageRecordInput;
import dev.cpx.settlement.metering.UsageSource;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** SQL of usage records; reads of contracts and allocations are joins on the market's tables. */
@Component
public class UsageStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    UsageStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Loads what checking the records needs, in a few queries whatever the batch size, after locking the settlement
     * periods of the batch's contracts (see {@link #closedPeriods}).
     */
    public UsageBatch prepare(long senderId, List<UsageRecordInput> records) {
        List<Long> contractIds = records.stream().map(UsageRecordInput::contractId).filter(Objects::nonNull)
                .distinct().toList();
        if (contractIds.isEmpty()) {
            return new UsageBatch(Map.of(), java.util.Set.of(), new HashMap<>());
        }
        Map<Long, Map<String, long[]>> nodes = new HashMap<>();
        jdbc.sql("select a.contract_id, n.cpid, n.id, a.gpu_count from contract_allocation a "
                        + "join node n on n.id = a.node_id where a.contract_id in (:ids)")
                .param("ids", contractIds)
                .query((rs, n) -> nodes.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                        .put(rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4)}))
                .list();
        var unchecked = jdbc.sql("select id, buyer_org_id, provider_org_id, delivery_start, delivery_end from contract "
                        + "where id in (:ids) and (buyer_org_id = :org or provider_org_id = :org)")
                .param("ids", contractIds).param("org", senderId)
                .query((rs, n) -> new UsageBatch.ContractSide(rs.getLong(1),
                        rs.getLong(3) == senderId ? UsageSource.PROVIDER : UsageSource.BUYER, instant(rs, 4),
                        instant(rs, 5), nodes.getOrDefault(rs.getLong(1), Map.of()), null))
                .list();
        Map<Long, Long> closed = closedPeriods(unchecked);
        var sides = unchecked.stream()
                .map(c -> new UsageBatch.ContractSide(c.id(), c.source(), c.deliveryStart(), c.deliveryEnd(),
                        c.nodesByCpid(), closed.get(c.id())))
                .toList();
        List<String> recordIds = records.stream().map(UsageRecordInput::recordId).filter(Objects::nonNull)
                .distinct().toList();
        var stored = new HashSet<String>();
        if (!recordIds.isEmpty()) {
            for (UsageSource source : sides.stream().map(UsageBatch.ContractSide::source).distinct().toList()) {
                jdbc.sql("select source, record_id from usage_record where organization_id = :org and source = :source "
                                + "and record_id in (:ids)")
                        .param("org", senderId).param("source", source.name()).param("ids", recordIds)
                        .query((rs, n) -> stored.add(rs.getString(1) + "|" + rs.getString(2)))
                        .list();
            }
        }
        var intervals = new HashMap<String, TreeMap<Instant, Instant>>();
        jdbc.sql("select contract_id, node_id, source, interval_start, interval_end from usage_record "
                        + "where organization_id = :org and contract_id in (:ids)")
                .param("org", senderId).param("ids", contractIds)
                .query((rs, n) -> intervals.computeIfAbsent(UsageBatch.intervalKey(rs.getLong(1), rs.getLong(2),
                        UsageSource.valueOf(rs.getString(3))), k -> new TreeMap<>()).put(instant(rs, 4), instant(rs, 5)))
                .list();
        return new UsageBatch(UsageBatch.index(sides), stored, intervals);
    }

    /**
     * The closed period that settles each of these contracts (the one whose window holds its delivery end), if any.
     * The periods that settle them are locked first, until the batch commits: a close running now either committed
     * before (its contracts are then refused here) or waits for this batch and rates what it stores. The periods'
     * status is taken from the locked rows, which are current whatever the transaction's snapshot.
     */
    private Map<Long, Long> closedPeriods(List<UsageBatch.ContractSide> contracts) {
        var closed = new HashMap<Long, Long>();
        if (contracts.isEmpty()) {
            return closed;
        }
        Instant first = contracts.stream().map(UsageBatch.ContractSide::deliveryEnd).min(Instant::compareTo)
                .orElseThrow();
        Instant last = contracts.stream().map(UsageBatch.ContractSide::deliveryEnd).max(Instant::compareTo)
                .orElseThrow();
        List<ClosedWindow> windows = jdbc.sql("select id, status, period_start, period_end from settlement_period "
                        + "where period_end >= :first and period_start < :last order by id for update")
                .param("first", utc(first)).param("last", utc(last))
                .query((rs, n) -> new ClosedWindow(rs.getLong(1), "CLOSED".equals(rs.getString(2)), instant(rs, 3),
                        instant(rs, 4)))
                .list();
        for (UsageBatch.ContractSide contract : contracts) {
            windows.stream().filter(w -> w.closed() && w.start().isBefore(contract.deliveryEnd())
                            && !w.end().isBefore(contract.deliveryEnd()))
                    .findFirst().ifPresent(w -> closed.put(contract.id(), w.periodId()));
        }
        return closed;
    }

    /** A settlement period's window, and whether it is closed. */
    private record ClosedWindow(long periodId, boolean closed, Instant start, Instant end) {
    }

    /** Inserts the accepted records in one JDBC batch; returns how many. */
    public int store(long senderId, List<UsageBatch.Verdict.Accepted> records, Instant now) {
        if (records.isEmpty()) {
            return 0;
        }
        LocalDateTime received = utc(now);
        var rows = new ArrayList<Object[]>(records.size());
        for (var r : records) {
            rows.add(new Object[] {senderId, r.source().name(), r.recordId(), r.contractId(), r.nodeId(),
                    utc(r.start()), utc(r.end()), r.gpuSeconds(), received});
        }
        batch.batchUpdate("insert into usage_record (organization_id, source, record_id, contract_id, node_id, "
                + "interval_start, interval_end, gpu_seconds, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return records.size();
    }

    /** Per provider: contracted GPU-seconds of contracts ending in the window, and what it reported delivering. */
    public List<Reliability> deliveredAndContracted(Instant from, Instant to) {
        var contracted = new HashMap<String, long[]>();
        jdbc.sql("""
                        select p.code, c.id, c.quantity, c.delivery_start, c.delivery_end,
                               (select coalesce(sum(u.gpu_seconds), 0) from usage_record u
                                 where u.contract_id = c.id and u.source = 'PROVIDER')
                        from contract c join organization p on p.id = c.provider_org_id
                        where c.delivery_end > :from and c.delivery_end <= :to""")
                .param("from", utc(from)).param("to", utc(to))
                .query((rs, n) -> {
                    long seconds = java.time.Duration.between(instant(rs, 4), instant(rs, 5)).toSeconds();
                    long due = rs.getLong(3) * seconds;
                    long[] sums = contracted.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    sums[0] += due;
                    sums[1] += Math.min(due, rs.getLong(6));
                    return null;
                })
                .list();
        return contracted.entrySet().stream()
                .map(e -> new Reliability(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(java.util.Comparator.comparing(Reliability::provider))
                .toList();
    }

    /** Contracted and delivered GPU-seconds of one provider. */
    public record Reliability(String provider, long contractedGpuSeconds, long deliveredGpuSeconds) {
    }


}
