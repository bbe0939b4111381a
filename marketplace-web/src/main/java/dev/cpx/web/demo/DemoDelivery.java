package dev.cpx.web.demo;

import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.UsageReceipt;
import dev.cpx.settlement.metering.UsageRecordInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Demo mode's stand-in for the meters on both sides: full delivery of an allocated contract whose delivery window
 * has passed, sent as usage records from the provider and from the buyer through {@link MeteringService}, as their
 * agents would. Sending it again changes nothing (the record ids repeat, so they count as duplicates).
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
public class DemoDelivery {

    /** Contracts offered at most, newest delivery first. */
    public static final int MAX_READY = 20;
    private static final int CONTRACTS_PER_PROVIDER = 500;

    /** What the two meters answered. */
    public record Delivered(ContractView contract, UsageReceipt provider, UsageReceipt buyer) {
    }

    private final IdentityService identity;
    private final ContractService contracts;
    private final NodeService nodes;
    private final MeteringService metering;
    private final MovableClock clock;

    DemoDelivery(IdentityService identity, ContractService contracts, NodeService nodes, MeteringService metering,
                 MovableClock clock) {
        this.identity = identity;
        this.contracts = contracts;
        this.nodes = nodes;
        this.metering = metering;
        this.clock = clock;
    }

    /** Allocated contracts whose delivery has ended, newest first: the ones whose delivery can be simulated. */
    public List<ContractView> ready() {
        var now = clock.instant();
        return identity.organizations().stream().filter(OrganizationView::provider)
                .flatMap(provider -> contracts.contracts(provider, CONTRACTS_PER_PROVIDER).stream())
                .filter(c -> !c.allocations().isEmpty() && !c.deliveryEnd().isAfter(now))
                .sorted(Comparator.comparing(ContractView::deliveryEnd).reversed()
                        .thenComparing(ContractView::contractId))
                .limit(MAX_READY).toList();
    }

    /** Sends the contract's full delivery from both meters; refused unless the contract is ready. */
    public Delivered deliver(long contractId) {
        ContractView contract = ready().stream().filter(c -> c.contractId() == contractId).findFirst()
                .orElseThrow(() -> new CpxException(ErrorCode.CONFLICT, "contract " + contractId
                        + " is not ready: it must be allocated and its delivery window over (move the demo clock)"));
        var provider = organization(contract.provider());
        List<UsageRecordInput> records = fullDelivery(contract, provider);
        return new Delivered(contract, metering.ingestUsage(provider, records),
                metering.ingestUsage(organization(contract.buyer()), records));
    }

    /** The contract's GPUs spread over its allocated nodes, each node for the whole window. */
    private List<UsageRecordInput> fullDelivery(ContractView contract, OrganizationView provider) {
        Map<String, NodeView> byCpid = nodes.nodes(provider, 0, NodeService.MAX_PAGE_SIZE).stream()
                .collect(Collectors.toMap(NodeView::cpid, Function.identity()));
        long windowSeconds = Duration.between(contract.deliveryStart(), contract.deliveryEnd()).toSeconds();
        long remaining = contract.quantity();
        var records = new ArrayList<UsageRecordInput>();
        for (String cpid : contract.allocations()) {
            long gpus = Math.min(remaining, byCpid.get(cpid).gpuCount());
            if (gpus > 0) {
                records.add(new UsageRecordInput("demo-delivery-" + contract.contractId() + "-" + records.size(),
                        contract.contractId(), cpid, contract.deliveryStart(), contract.deliveryEnd(),
                        gpus * windowSeconds));
                remaining -= gpus;
            }
        }
        return records;
    }

    private OrganizationView organization(String code) {
        return identity.organizationByCode(code).orElseThrow();
    }
}
