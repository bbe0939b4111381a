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

    /** Characters per stored part of a canonical statement: at most 4 MB in utf8mb4, within any packet limit. */
    static final int PART_CHARS = 1_000_000;

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
                organizationIds.get(organization), statement.contentHash()}));
        batch.batchUpdate("insert into run_statement (run_id, organization_id, content_hash) values (?, ?, ?)", rows);
        Map<Long, Long> statementIds = new java.util.HashMap<>();
        jdbc.sql("select organization_id, id from run_statement where run_id = ?").param(runId)
                .query((rs, n) -> statementIds.put(rs.getLong(1), rs.getLong(2))).list();
        var parts = new ArrayList<Object[]>();
        content.statements().forEach((organization, statement) -> {
            long statementId = statementIds.get(organizationIds.get(organization));
            List<String> texts = parts(statement.canonical(), PART_CHARS);
            for (int part = 0; part < texts.size(); part++) {
                parts.add(new Object[] {statementId, part, texts.get(part)});
            }
        });
        // One part per statement and execution: a batch may be rewritten into one multi-row statement, and a few
        // parts together would again pass the server's packet limit.
        for (Object[] part : parts) {
            batch.update("insert into run_statement_part (run_statement_id, part_no, content) values (?, ?, ?)", part);
        }
        return run(content.periodId(), content.run()).orElseThrow();
    }

    /**
     * {@code text} cut into parts of at most {@code maxChars} characters, never between the two halves of a
     * surrogate pair (a half alone cannot be stored in utf8mb4); an empty text is one empty part.
     */
    static List<String> parts(String text, int maxChars) {
        if (maxChars < 2) {
            throw new IllegalArgumentException("a part holds at least one surrogate pair");
        }
        var parts = new ArrayList<String>();
        int from = 0;
        do {
            int to = Math.min(text.length(), from + maxChars);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--;
            }
            parts.add(text.substring(from, to));
            from = to;
        } while (from < text.length());
        return parts;
    }

    /** Removes a period's PRELIMINARY runs but the latest {@code kept}, with their statements. */
    public void prunePreliminary(long periodId, int kept) {
        List<Long> old = jdbc.sql("select id from settlement_run where period_id = ? and kind = 'PRELIMINARY' "
                        + "order by run_number desc")
                .param(periodId).query(Long.class).list().stream().skip(kept).toList();
        if (!old.isEmpty()) {
            jdbc.sql("delete from run_statement_part where run_statement_id in "
                    + "(select id from run_statement where run_id in (:ids))").param("ids", old).update();
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
        // One row per part, in order: a statement of several parts is joined here, never in one result row.
        record Part(String organization, String contentHash, String content) {
        }
        List<Part> parts = jdbc.sql("""
                        select o.code, s.content_hash, p.content from run_statement s
                        join organization o on o.id = s.organization_id
                        join run_statement_part p on p.run_statement_id = s.id
                        where s.run_id = :run and (:org is null or o.code = :org) order by o.code, p.part_no""")
                .param("run", runId).param("org", organizationCode)
                .query((rs, n) -> new Part(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        var statements = new ArrayList<StoredStatement>();
        for (int i = 0; i < parts.size(); ) {
            Part first = parts.get(i);
            var text = new StringBuilder();
            for (; i < parts.size() && parts.get(i).organization().equals(first.organization()); i++) {
                text.append(parts.get(i).content());
            }
            statements.add(new StoredStatement(first.organization(), first.contentHash(), text.toString()));
        }
        return statements;
    }

    private static RunView run(ResultSet rs, int row) throws SQLException {
        return new RunView(rs.getLong(1), rs.getLong(2), rs.getInt(3), RunKind.valueOf(rs.getString(4)),
                instant(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
