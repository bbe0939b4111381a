package dev.cpx.core.market;

import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
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
     * not serving another contract in the window, bringing the contract's allocated GPUs to its quantity with no
     * node to spare ({@link AllocationRule}). The contract's row is locked first, so allocations to one contract
     * run one after the other and each sees what the previous committed (read committed); a node taken by
     * another contract meanwhile is caught by the unique (node, window) constraint.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public ContractView allocate(OrganizationView caller, long contractId, List<String> cpids) {
        ContractToAllocate contract = lockContract(contractId)
                .filter(c -> c.buyerId() == caller.id() || c.providerId() == caller.id())
                .orElseThrow(() -> CpxException.notFound("contract", contractId));
        if (contract.providerId() != caller.id()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "only the contract's provider allocates nodes to it");
        }
        if (!clock.instant().isBefore(contract.deliveryStart())) {
            throw new CpxException(ErrorCode.ALLOCATION_REFUSED, "delivery of contract " + contractId
                    + " has started; allocations are fixed");
        }
        if (cpids == null || cpids.isEmpty() || cpids.size() > MAX_NODES_PER_ALLOCATION) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give 1 to " + MAX_NODES_PER_ALLOCATION + " CPIDs",
                    List.of(new FieldError("cpids", "1 to " + MAX_NODES_PER_ALLOCATION + " CPIDs")));
        }
        var nodes = new ArrayList<NodeToAllocate>();
        for (String cpid : new LinkedHashSet<>(cpids)) {
            nodes.add(checkedNode(caller, contract, cpid));
        }
        List<Long> allocated = queries.allocations(contractId).stream().map(MarketQueries.Allocation::gpus).toList();
        AllocationRule.refusal(contract.quantity(), allocated, nodes.stream().map(NodeToAllocate::gpus).toList())
                .ifPresent(detail -> {
                    throw new CpxException(ErrorCode.ALLOCATION_REFUSED, "contract " + contractId + ": " + detail,
                            List.of(new FieldError("cpids", detail)));
                });
        insert(contractId, contract.instrumentId(), nodes);
        return queries.contracts(caller.id(), MarketQueries.MAX_LIST).stream()
                .filter(c -> c.contractId() == contractId).findFirst()
                .orElseThrow(() -> new IllegalStateException("contract " + contractId + " vanished"));
    }

    private record ContractToAllocate(long buyerId, long providerId, long quantity, long instrumentId,
                                      String computeClass, String region, Instant deliveryStart) {
    }

    private record NodeToAllocate(long id, long gpus) {
    }

    /** Reads the contract and locks its row until the transaction ends: one allocation per contract at a time. */
    private Optional<ContractToAllocate> lockContract(long contractId) {
        boolean exists = jdbc.sql("select id from contract where id = ? for update").param(contractId)
                .query(Long.class).optional().isPresent();
        if (!exists) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select c.buyer_org_id, c.provider_org_id, c.quantity, c.instrument_id, i.compute_class_code,
                               i.region_code, i.delivery_start
                        from contract c join instrument i on i.id = c.instrument_id where c.id = ?""")
                .param(contractId)
                .query((rs, n) -> new ContractToAllocate(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .optional();
    }

    private NodeToAllocate checkedNode(OrganizationView caller, ContractToAllocate contract, String cpid) {
        record Node(long id, long gpus, String computeClass, String region, String status) {
        }
        Node node = jdbc.sql("""
                        select n.id, n.gpu_count, n.compute_class_code, s.region_code, n.status from node n
                        join site s on s.id = n.site_id where n.cpid = ? and n.organization_id = ?""")
                .params(cpid, caller.id())
                .query((rs, n) -> new Node(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional()
                .orElseThrow(() -> refuse(cpid, "is not one of your registered nodes"));
        if (!contract.computeClass().equals(node.computeClass()) || !contract.region().equals(node.region())) {
            throw refuse(cpid, "is a " + node.computeClass() + " node in " + node.region() + "; the contract is "
                    + contract.computeClass() + " in " + contract.region());
        }
        if (!"ACTIVE".equals(node.status())) {
            throw refuse(cpid, "is not active");
        }
        long taken = jdbc.sql("select count(*) from contract_allocation where node_id = ? and instrument_id = ?")
                .params(node.id(), contract.instrumentId()).query(Long.class).single();
        if (taken > 0) {
            throw refuse(cpid, "already serves a contract in this delivery window");
        }
        return new NodeToAllocate(node.id(), node.gpus());
    }

    private void insert(long contractId, long instrumentId, List<NodeToAllocate> nodes) {
        try {
            for (NodeToAllocate node : nodes) {
                jdbc.sql("insert into contract_allocation (contract_id, node_id, instrument_id, gpu_count, created_at) "
                                + "values (?, ?, ?, ?, ?)")
                        .params(contractId, node.id(), instrumentId, node.gpus(),
                                LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                        .update();
            }
        } catch (DataIntegrityViolationException raced) {
            throw new CpxException(ErrorCode.CONFLICT, "a node was allocated to another contract meanwhile; retry");
        }
    }

    private static CpxException refuse(String cpid, String reason) {
        return new CpxException(ErrorCode.ALLOCATION_REFUSED, "node " + cpid + " " + reason,
                List.of(new FieldError("cpids", cpid + " " + reason)));
    }
}
