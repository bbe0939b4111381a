package dev.cpx.core.catalog;

import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.ledger.MarketInbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Listed means rentable: whether each active node is live, and the market told of every change. A node that
 * reports DOWN, or that has reported before and then stays silent past {@link #SILENCE_LIMIT}, stops being live;
 * UP or DEGRADED makes it live again. A node that never reported counts as live (monitoring starts with its first
 * heartbeat). Each change is a conditional update of {@code node.live}, so of two instances seeing the same change
 * only one sends it, in the same transaction, to the market, which cancels asks its live GPUs no longer cover.
 */
@Service
public class NodeLiveness {

    /** Silence longer than this means a node is down. */
    public static final Duration SILENCE_LIMIT = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);

    private final JdbcClient jdbc;
    private final MarketInbox marketInbox;
    private final Clock clock;

    NodeLiveness(JdbcClient jdbc, MarketInbox marketInbox, Clock clock) {
        this.jdbc = jdbc;
        this.marketInbox = marketInbox;
        this.clock = clock;
    }

    private record Node(long id, String cpid, long organizationId, String computeClass, String region, int gpus) {
    }

    /** A node's newest heartbeat, in the caller's transaction: true if its liveness changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean reported(long nodeId, boolean up) {
        return change(nodeId, up, up ? "heartbeat UP" : "heartbeat DOWN");
    }

    /** Nodes silent past the limit stop being live; the number that did. Safe on every instance at once. */
    @Transactional
    public int markSilentNodesDown() {
        Instant silentSince = clock.instant().minus(SILENCE_LIMIT);
        List<Long> silent = jdbc.sql("select n.id from node n join node_heartbeat h on h.node_id = n.id "
                        + "where n.live = true and n.status = 'ACTIVE' and h.at < ? order by n.id")
                .param(utc(silentSince)).query(Long.class).list();
        int changed = 0;
        for (long nodeId : silent) {
            changed += change(nodeId, false, "silent for more than " + SILENCE_LIMIT.toMinutes() + " minutes") ? 1 : 0;
        }
        return changed;
    }

    /**
     * A node leaving service, in the caller's transaction: if it was not live, its GPUs stop counting as down (the
     * caller then takes them out of the registered capacity).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(long nodeId) {
        change(nodeId, true, "retired");
    }

    private boolean change(long nodeId, boolean live, String why) {
        int updated = jdbc.sql("update node set live = ? where id = ? and live = ? and status = 'ACTIVE'")
                .params(live, nodeId, !live).update();
        if (updated == 0) {
            return false;
        }
        Node node = node(nodeId).orElseThrow();
        marketInbox.liveness(node.organizationId(), node.computeClass(), node.region(),
                live ? node.gpus() : -node.gpus(), "node:" + node.cpid() + (live ? ":live" : ":down"), clock.instant());
        log.info("Node {} is {} ({}): {} GPUs of {} in {} {} the market", node.cpid(), live ? "live" : "not live",
                why, node.gpus(), node.computeClass(), node.region(), live ? "back in" : "taken out of");
        return true;
    }

    private Optional<Node> node(long nodeId) {
        return jdbc.sql("select n.id, n.cpid, n.organization_id, n.compute_class_code, s.region_code, n.gpu_count "
                        + "from node n join site s on s.id = n.site_id where n.id = ?")
                .param(nodeId)
                .query((rs, n) -> new Node(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6)))
                .optional();
    }
}
