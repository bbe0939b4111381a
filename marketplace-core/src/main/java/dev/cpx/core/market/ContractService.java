package dev.cpx.core.market;

import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contracts as their two sides see them, and the provider's allocation of nodes to them. */
@Service
public class ContractService {

    public static final int MAX_NODES_PER_ALLOCATION = 200;

    private final JdbcClient jdbc;
    private final MarketQueries queries;
    private final Clock clock;

    ContractService(JdbcClient jdbc, MarketQueries queries, Clock clock) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ContractView> contracts(OrganizationView organization, int limit) {
        return queries.contracts(organization.id(), limit);
    }

    /**
     * Allocates whole nodes to a contract: the provider's own active nodes of the contract's class and region,
     * not serving another contract in the window, bringing the contract's allocated GPUs to its quantity.
     */
    @Transactional
    public ContractView allocate(OrganizationView caller, long contractId, List<String> cpids) {
        var contract = jdbc.sql("""
                        select c.buyer_org_id, c.provider_org_id, c.quantity, c.instrument_id, i.compute_class_code,
                               i.region_code, i.delivery_start
                        from contract c join instrument i on i.id = c.instrument_id where c.id = ?""")
                .param(contractId).query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getString(5), rs.getString(6),
                        rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC)})
                .optional()
                .filter(c -> (Long) c[0] == caller.id() || (Long) c[1] == caller.id())
                .orElseThrow(() -> CpxException.notFound("contract", contractId));
        if ((Long) contract[1] != caller.id()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "only the contract's provider allocates nodes to it");
        }
        if (!clock.instant().isBefore((java.time.Instant) contract[6])) {
            throw new CpxException(ErrorCode.ALLOCATION_REFUSED, "delivery of contract " + contractId
                    + " has started; allocations are fixed");
        }
        if (cpids == null || cpids.isEmpty() || cpids.size() > MAX_NODES_PER_ALLOCATION) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give 1 to " + MAX_NODES_PER_ALLOCATION + " CPIDs",
                    List.of(new FieldError("cpids", "1 to " + MAX_NODES_PER_ALLOCATION + " CPIDs")));
        }
        long instrumentId = (Long) contract[3];
        long gpus = queries.allocations(contractId).stream().mapToLong(MarketQueries.Allocation::gpus).sum();
        var nodes = new LinkedHashSet<>(cpids);
        var rows = new java.util.ArrayList<long[]>();
        for (String cpid : nodes) {
            Map<String, Object> node = jdbc.sql("""
                            select n.id, n.gpu_count, n.compute_class_code, s.region_code, n.status from node n
                            join site s on s.id = n.site_id where n.cpid = ? and n.organization_id = ?""")
                    .params(cpid, caller.id())
                    .query((rs, n) -> Map.<String, Object>of("id", rs.getLong(1), "gpus", rs.getLong(2),
                            "class", rs.getString(3), "region", rs.getString(4), "status", rs.getString(5)))
                    .optional()
                    .orElseThrow(() -> refuse(cpid, "is not one of your registered nodes"));
            if (!contract[4].equals(node.get("class")) || !contract[5].equals(node.get("region"))) {
                throw refuse(cpid, "is a " + node.get("class") + " node in " + node.get("region") + "; the contract is "
                        + contract[4] + " in " + contract[5]);
            }
            if (!"ACTIVE".equals(node.get("status"))) {
                throw refuse(cpid, "is not active");
            }
            long taken = jdbc.sql("select count(*) from contract_allocation where node_id = ? and instrument_id = ?")
                    .params(node.get("id"), instrumentId).query(Long.class).single();
            if (taken > 0) {
                throw refuse(cpid, "already serves a contract in this delivery window");
            }
            rows.add(new long[] {(Long) node.get("id"), (Long) node.get("gpus")});
            gpus += (Long) node.get("gpus");
        }
        long quantity = (Long) contract[2];
        if (gpus < quantity) {
            throw new CpxException(ErrorCode.ALLOCATION_REFUSED, "these nodes bring the contract to " + gpus
                    + " GPUs; it needs " + quantity, List.of(new FieldError("cpids", "not enough GPUs")));
        }
        try {
            for (long[] row : rows) {
                jdbc.sql("insert into contract_allocation (contract_id, node_id, instrument_id, gpu_count, created_at) "
                                + "values (?, ?, ?, ?, ?)")
                        .params(contractId, row[0], instrumentId, row[1],
                                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .update();
            }
        } catch (DataIntegrityViolationException raced) {
            throw new CpxException(ErrorCode.CONFLICT, "a node was allocated to another contract meanwhile; retry");
        }
        return queries.contracts(caller.id(), MarketQueries.MAX_LIST).stream()
                .filter(c -> c.contractId() == contractId).findFirst()
                .orElseThrow(() -> new IllegalStateException("contract " + contractId + " vanished"));
    }

    private static CpxException refuse(String cpid, String reason) {
        return new CpxException(ErrorCode.ALLOCATION_REFUSED, "node " + cpid + " " + reason,
                List.of(new FieldError("cpids", cpid + " " + reason)));
    }
}
