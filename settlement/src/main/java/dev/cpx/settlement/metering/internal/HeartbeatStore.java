package dev.cpx.settlement.metering.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.metering.NodeHealth;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The latest heartbeat of each node; an older heartbeat arriving late never overwrites a newer one. */
@Component
public class HeartbeatStore {

    private final JdbcClient jdbc;

    HeartbeatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Node ids of the organization's nodes among these CPIDs. */
    public Map<String, Long> ownNodes(long organizationId, List<String> cpids) {
        var ids = new HashMap<String, Long>();
        List<String> named = cpids.stream().filter(Objects::nonNull).distinct().toList();
        if (named.isEmpty()) {
            return ids;
        }
        jdbc.sql("select cpid, id from node where organization_id = :org and cpid in (:cpids)")
                .param("org", organizationId).param("cpids", named)
                .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2)))
                .list();
        return ids;
    }

    /** Stores the heartbeat unless a newer one is stored; true if it is now the node's latest. */
    public boolean record(long nodeId, Instant at, String status, BigDecimal gpuUtilization, Instant receivedAt) {
        int updated = jdbc.sql("update node_heartbeat set at = ?, status = ?, gpu_utilization = ?, received_at = ? "
                        + "where node_id = ? and at < ?")
                .params(utc(at), status, gpuUtilization, utc(receivedAt), nodeId, utc(at)).update();
        if (updated == 0 && jdbc.sql("select count(*) from node_heartbeat where node_id = ?").param(nodeId)
                .query(Long.class).single() == 0) {
            jdbc.sql("insert into node_heartbeat (node_id, at, status, gpu_utilization, received_at) "
                            + "values (?, ?, ?, ?, ?)")
                    .params(nodeId, utc(at), status, gpuUtilization, utc(receivedAt)).update();
            return true;
        }
        return updated > 0;
    }

    /** Every node of the organization with its latest heartbeat, UNKNOWN when it never sent one. */
    public List<NodeHealth> latest(long organizationId) {
        return jdbc.sql("select n.cpid, h.status, h.at, h.gpu_utilization from node n "
                        + "left join node_heartbeat h on h.node_id = n.id where n.organization_id = ? order by n.cpid")
                .param(organizationId)
                .query((rs, n) -> {
                    LocalDateTime at = rs.getObject(3, LocalDateTime.class);
                    return new NodeHealth(rs.getString(1), rs.getString(2) == null ? "UNKNOWN" : rs.getString(2),
                            at == null ? null : at.toInstant(ZoneOffset.UTC), rs.getBigDecimal(4));
                })
                .list();
    }

}
