package dev.cpx.settlement.period.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.UsageRecordView;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of settlement runs: each run with its statements in canonical form and its netting. */
@Component
public class RunStore {

    private static final String RUN_SELECT = "select id, period_id, run_number, kind, created_at, created_by, "
            + "content_hash, netting_hash from settlement_run";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    RunStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** PRELIMINARY runs a period keeps: older ones are removed as new ones are recorded (numbers are not reused). */
    public static final int KEPT_PRELIMINARY_RUNS = 50;

    /** Stores a run's content under its number; a run, once stored, is never changed. */
    public RunView save(RunContent content, String actor, Instant now, Map<String, Long> organizationIds) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into settlement_run (period_id, run_number, kind, created_at, created_by, content_hash, "
                        + "netting_hash, netting) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(content.periodId(), content.run(), content.kind().name(), utc(now), actor,
                        content.contentHash(), content.nettingHash(), content.netting())
                .update(key, "id");
        long runId = key.getKey().longValue();
        var rows = new ArrayList<Object[]>();
        content.statements().forEach((organization, statement) -> rows.add(new Object[] {runId,
                organizationIds.get(organization), statement.contentHash(), statement.canonical()}));
        batch.batchUpdate("insert into run_statement (run_id, organization_id, content_hash, canonical) "
                + "values (?, ?, ?, ?)", rows);
        return run(content.periodId(), content.run()).orElseThrow();
    }

    /** Removes a period's PRELIMINARY runs but the latest {@code kept}, with their statements. */
    public void prunePreliminary(long periodId, int kept) {
        List<Long> old = jdbc.sql("select id from settlement_run where period_id = ? and kind = 'PRELIMINARY' "
                        + "order by run_number desc")
                .param(periodId).query(Long.class).list().stream().skip(kept).toList();
        if (!old.isEmpty()) {
            jdbc.sql("delete from run_statement where run_id in (:ids)").param("ids", old).update();
            jdbc.sql("delete from settlement_run where id in (:ids)").param("ids", old).update();
        }
    }

    /** The number the next run of the period gets, never one a removed run had. */
    public int nextRunNumber(long periodId) {
        return jdbc.sql("select coalesce(max(run_number), 0) + 1 from settlement_run where period_id = ?")
                .param(periodId).query(Integer.class).single();
    }

    public List<RunView> runs(long periodId) {
        return jdbc.sql(RUN_SELECT + " where period_id = ? order by run_number").param(periodId)
                .query(RunStore::run).list();
    }

    public Optional<RunView> run(long periodId, int runNumber) {
        return jdbc.sql(RUN_SELECT + " where period_id = ? and run_number = ?").params(periodId, runNumber)
                .query(RunStore::run).optional();
    }

    public Optional<String> netting(long runId) {
        return jdbc.sql("select netting from settlement_run where id = ?").param(runId).query(String.class).optional();
    }

    /** Usage records per contract and source: provider count, buyer count. */
    public record UsageCounts(long provider, long buyer) {
    }

    public Map<Long, UsageCounts> usageCounts(List<Long> contractIds) {
        var counts = new java.util.HashMap<Long, long[]>();
        if (!contractIds.isEmpty()) {
            jdbc.sql("select contract_id, source, count(*) from usage_record where contract_id in (:ids) "
                            + "group by contract_id, source")
                    .param("ids", contractIds)
                    .query((rs, n) -> counts.computeIfAbsent(rs.getLong(1), k -> new long[2])
                            ["PROVIDER".equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3))
                    .list();
        }
        var result = new java.util.HashMap<Long, UsageCounts>();
        counts.forEach((id, c) -> result.put(id, new UsageCounts(c[0], c[1])));
        return result;
    }

    /** The CPIDs of the nodes allocated to each contract, in CPID order; contracts without nodes are absent. */
    public Map<Long, List<String>> allocatedNodes(List<Long> contractIds) {
        var nodes = new java.util.TreeMap<Long, List<String>>();
        for (int from = 0; from < contractIds.size(); from += 1_000) {
            jdbc.sql("select a.contract_id, n.cpid from contract_allocation a join node n on n.id = a.node_id "
                            + "where a.contract_id in (:ids) order by a.contract_id, n.cpid")
                    .param("ids", contractIds.subList(from, Math.min(contractIds.size(), from + 1_000)))
                    .query((rs, n) -> nodes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(rs.getString(2)))
                    .list();
        }
        return nodes;
    }

    /** A contract's usage records of both sources, in interval order, at most {@code limit}. */
    public List<UsageRecordView> usageRecords(long contractId, int limit) {
        return jdbc.sql("""
                        select u.source, u.record_id, u.contract_id, n.cpid, u.interval_start, u.interval_end,
                               u.gpu_seconds, u.received_at
                        from usage_record u join node n on n.id = u.node_id where u.contract_id = ?
                        order by u.interval_start, n.cpid, u.source, u.record_id limit ?""")
                .params(contractId, limit)
                .query((rs, n) -> new UsageRecordView(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getLong(7), instant(rs, 8)))
                .list();
    }

    /** Each organization's stored canonical statement of a run and the hash stored beside it. */
    public record StoredStatement(String organization, String contentHash, String canonical) {
    }

    public List<StoredStatement> statements(long runId, String organizationCode) {
        return jdbc.sql("""
                        select o.code, s.content_hash, s.canonical from run_statement s
                        join organization o on o.id = s.organization_id
                        where s.run_id = :run and (:org is null or o.code = :org) order by o.code""")
                .param("run", runId).param("org", organizationCode)
                .query((rs, n) -> new StoredStatement(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    private static RunView run(ResultSet rs, int row) throws SQLException {
        return new RunView(rs.getLong(1), rs.getLong(2), rs.getInt(3), RunKind.valueOf(rs.getString(4)),
                instant(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
