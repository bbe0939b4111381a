package dev.cpx.core.market.internal;

import static dev.cpx.core.time.UtcColumns.instant;

import dev.cpx.core.market.JournalAudit;
import dev.cpx.core.market.core.CoreResult;
import dev.cpx.core.market.core.CoreRules;
import dev.cpx.core.market.core.MarketCore;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays the whole journal for audit. The market's history starts empty (every organization's wallet at zero,
 * money, capacity and credit limit changes arriving through the inbox as journaled commands), so a fresh core with
 * the organizations' credit limits as they were before any change, fed every journaled command at its time, must end
 * where the tables are. Runs in one read-only transaction for a consistent view, apart from the market's own threads.
 */
final class MarketJournalAuditor {

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private final MarketStateLoader loader;
    private final CommandCodec codec;

    MarketJournalAuditor(JdbcClient jdbc, TransactionTemplate readOnly, MarketStateLoader loader, CommandCodec codec) {
        this.jdbc = jdbc;
        this.readOnly = readOnly;
        this.loader = loader;
        this.codec = codec;
    }

    JournalAudit audit(CoreRules rules, Instant now) {
        return readOnly.execute(status -> {
            long nextSequence = jdbc.sql("select next_sequence from market_lease where shard = ?")
                    .param(MarketLease.SHARD).query(Long.class).single();
            long first = jdbc.sql("select coalesce(min(sequence), ?) from market_command").param(nextSequence)
                    .query(Long.class).single();
            var replay = new MarketCore(rules, first);
            // A limit changed since reached the core through the inbox; the replay starts from the one it replaced.
            jdbc.sql("select o.id, coalesce((select f.previous_minor from market_inbox f where f.id = (select min(c.id) "
                            + "from market_inbox c where c.organization_id = o.id and c.kind = 'CREDIT_LIMIT' "
                            + "and c.applied_sequence is not null)), "
                            + "o.credit_limit_minor) from organization o")
                    .query((rs, n) -> {
                        replay.loadAccount(rs.getLong(1), 0, 0, rs.getLong(2));
                        return null;
                    }).list();
            long[] counts = new long[3];
            jdbc.sql("select sequence, executed_at, kind, body, outcome from market_command order by sequence")
                    .query((rs, n) -> {
                        counts[1] += Math.abs(rs.getLong(1) - replay.nextSequence());
                        while (replay.nextSequence() < rs.getLong(1)) {
                            replay.skipSequence();
                        }
                        CoreResult result = replay.execute(codec.command(rs.getString(3), rs.getString(4)),
                                instant(rs, 2).toEpochMilli());
                        counts[0]++;
                        counts[2] += result.outcome().equals(rs.getString(5)) ? 0 : 1;
                        replay.takeBatch();
                        return null;
                    }).list();
            // The tables are read as of now; the replay stopped at the last command's time.
            replay.forgetClosed(now.toEpochMilli());
            MarketCore loaded = loader.read(rules, nextSequence, now);
            var replayed = replay.stateHashes();
            var differing = new java.util.ArrayList<String>();
            loaded.stateHashes().forEach((part, hash) -> {
                if (!hash.equals(replayed.get(part))) {
                    differing.add(part);
                }
            });
            return new JournalAudit(counts[0], counts[1], counts[2], replay.stateHash(), loaded.stateHash(),
                    java.util.List.copyOf(differing));
        });
    }
}
