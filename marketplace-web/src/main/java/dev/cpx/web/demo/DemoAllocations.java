package dev.cpx.web.demo;

import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.NodeStatus;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.NodeHealth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A simulated provider's operations team: every contract it sold that no node serves yet and whose delivery has not
 * started gets whole live nodes of its class and region, free in its hour, through the same {@link ContractService}
 * the allocation endpoint uses (so the same rules refuse a wrong choice). Allocating again changes nothing: a
 * contract with nodes is left alone.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
class DemoAllocations {

    private static final Logger log = LoggerFactory.getLogger(DemoAllocations.class);

    /** Contracts allocated, and those left for want of a free live node (or refused, as a race with another instance). */
    record Allocated(int contracts, int withoutNode) {

        static final Allocated NONE = new Allocated(0, 0);

        Allocated plus(Allocated other) {
            return new Allocated(contracts + other.contracts, withoutNode + other.withoutNode);
        }
    }

    private final ContractService contracts;
    private final NodeService nodes;
    private final MeteringService metering;
    private final MovableClock clock;

    DemoAllocations(ContractService contracts, NodeService nodes, MeteringService metering, MovableClock clock) {
        this.contracts = contracts;
        this.nodes = nodes;
        this.metering = metering;
        this.clock = clock;
    }

    Allocated allocate(OrganizationView provider) {
        var now = clock.instant();
        List<ContractView> sold = contracts.contracts(provider, MarketQueries.MAX_LIST).stream()
                .filter(c -> c.provider().equals(provider.code())).toList();
        List<ContractView> waiting = sold.stream()
                .filter(c -> c.allocations().isEmpty() && c.deliveryStart().isAfter(now))
                .sorted(Comparator.comparing(ContractView::deliveryStart).thenComparing(ContractView::contractId))
                .toList();
        if (waiting.isEmpty()) {
            return Allocated.NONE;
        }
        List<NodeView> live = liveNodes(provider);
        Map<String, Set<String>> takenBySymbol = new HashMap<>();
        sold.forEach(c -> takenBySymbol.computeIfAbsent(c.instrument(), symbol -> new HashSet<>())
                .addAll(c.allocations()));
        int allocated = 0;
        int withoutNode = 0;
        for (ContractView contract : waiting) {
            Set<String> taken = takenBySymbol.computeIfAbsent(contract.instrument(), symbol -> new HashSet<>());
            Optional<List<String>> chosen = choose(contract, live, taken);
            if (chosen.isEmpty()) {
                withoutNode++;
                continue;
            }
            try {
                contracts.allocate(provider, contract.contractId(), chosen.get());
                taken.addAll(chosen.get());
                allocated++;
            } catch (CpxException refused) {
                log.debug("Demo allocation of contract {} refused: {}", contract.contractId(), refused.detail());
                withoutNode++;
            }
        }
        return new Allocated(allocated, withoutNode);
    }

    /** Active nodes not reported down (a node never heard from counts as live, as it does for the market). */
    private List<NodeView> liveNodes(OrganizationView provider) {
        Set<String> down = metering.nodeHealth(provider.id()).stream().filter(h -> "DOWN".equals(h.status()))
                .map(NodeHealth::cpid).collect(Collectors.toSet());
        return nodes.nodes(provider, 0, NodeService.MAX_PAGE_SIZE).stream()
                .filter(n -> n.status() == NodeStatus.ACTIVE && !down.contains(n.cpid())).toList();
    }

    /**
     * Free nodes of the contract's class and region, largest first until they cover its GPUs: the last one taken is
     * the smallest, and without it the contract would be short, so no node is to spare.
     */
    private static Optional<List<String>> choose(ContractView contract, List<NodeView> live, Set<String> taken) {
        String[] symbol = contract.instrument().split("\\.");
        var candidates = live.stream()
                .filter(n -> n.computeClass().equals(symbol[0]) && n.region().equals(symbol[1])
                        && !taken.contains(n.cpid()))
                .sorted(Comparator.comparingInt(NodeView::gpuCount).reversed().thenComparing(NodeView::cpid))
                .toList();
        var chosen = new ArrayList<String>();
        long gpus = 0;
        for (NodeView node : candidates) {
            if (gpus >= contract.quantity()) {
                break;
            }
            chosen.add(node.cpid());
            gpus += node.gpuCount();
        }
        return gpus >= contract.quantity() ? Optional.of(chosen) : Optional.empty();
    }
}
