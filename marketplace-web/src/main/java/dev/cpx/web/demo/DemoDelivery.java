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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Demo mode's stand-in for the meters on both sides: the delivery of an allocated contract whose delivery window
 * has passed, sent as usage records from the provider and from the buyer through {@link MeteringService}, as their
 * agents would. An administrator sends a full delivery of any contract; the demo lifecycle meters what the simulated
 * providers delivered, now and then short or read differently by the buyer. Sending it again changes nothing (the
 * record ids repeat, so they count as duplicates).
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
public class DemoDelivery {

    /** Contracts offered at most, newest delivery first. */
    public static final int MAX_READY = 20;
    private static final int CONTRACTS_PER_PROVIDER = 500;
    /** A short delivery ends this much early; a buyer's meter that disagrees reads this share of the provider's. */
    static final Duration SHORT_BY = Duration.ofMinutes(10);
    private static final int BUYER_READS_PERCENT = 95;

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

    /**
     * Allocated contracts whose delivery has ended, newest first: the ones whose delivery can be simulated. The
     * simulated providers' own are left out: the demo lifecycle meters them.
     */
    public List<ContractView> ready() {
        var now = clock.instant();
        var simulated = DemoTraders.PROVIDERS.stream().map(DemoTraders.SimulatedProvider::code).toList();
        return identity.organizations().stream()
                .filter(organization -> organization.provider() && !simulated.contains(organization.code()))
                .flatMap(provider -> contracts.contracts(provider, CONTRACTS_PER_PROVIDER).stream())
                .filter(c -> !simulated.contains(c.provider())
                        && !c.allocations().isEmpty() && !c.deliveryEnd().isAfter(now))
                .distinct()
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
        var records = records(contract, gpusByCpid(provider), Meters.FULL);
        return new Delivered(contract, metering.ingestUsage(provider, records.provider()),
                metering.ingestUsage(organization(contract.buyer()), records.buyer()));
    }

    /** What one provider's allocated contracts, delivered by now, were metered as, both sides together. */
    record Metered(int contracts, int shortDeliveries, int disagreeing, int accepted, int duplicates, int rejected) {

        static final Metered NONE = new Metered(0, 0, 0, 0, 0, 0);

        Metered plus(Metered other) {
            return new Metered(contracts + other.contracts, shortDeliveries + other.shortDeliveries,
                    disagreeing + other.disagreeing, accepted + other.accepted, duplicates + other.duplicates,
                    rejected + other.rejected);
        }
    }

    /**
     * Meters the delivery of every allocated contract of {@code provider} whose window ended after {@code endedAfter}
     * (null: any) and by now, from both sides, with the variation {@link Meters#of} draws for each contract; record ids
     * repeat, so metering a contract again changes nothing. One batch per sender.
     */
    Metered meterDelivered(OrganizationView provider, Instant endedAfter) {
        var now = clock.instant();
        var delivered = contracts.contracts(provider, CONTRACTS_PER_PROVIDER).stream()
                .filter(c -> c.provider().equals(provider.code()) && c.allocatedGpus() >= c.quantity()
                        && !c.deliveryEnd().isAfter(now) && (endedAfter == null || c.deliveryEnd().isAfter(endedAfter)))
                .toList();
        if (delivered.isEmpty()) {
            return Metered.NONE;
        }
        Map<String, Long> gpus = gpusByCpid(provider);
        var fromProvider = new ArrayList<UsageRecordInput>();
        var fromBuyers = new TreeMap<String, List<UsageRecordInput>>();
        int shortDeliveries = 0;
        int disagreeing = 0;
        for (ContractView contract : delivered) {
            Meters meters = Meters.of(contract.contractId());
            shortDeliveries += meters == Meters.SHORT ? 1 : 0;
            disagreeing += meters == Meters.BUYER_READS_LESS ? 1 : 0;
            var records = records(contract, gpus, meters);
            fromProvider.addAll(records.provider());
            fromBuyers.computeIfAbsent(contract.buyer(), code -> new ArrayList<>()).addAll(records.buyer());
        }
        var receipts = new ArrayList<UsageReceipt>(send(provider, fromProvider));
        fromBuyers.forEach((buyer, records) -> receipts.addAll(send(organization(buyer), records)));
        return new Metered(delivered.size(), shortDeliveries, disagreeing,
                receipts.stream().mapToInt(UsageReceipt::accepted).sum(),
                receipts.stream().mapToInt(UsageReceipt::duplicates).sum(),
                receipts.stream().mapToInt(r -> r.rejected().size()).sum());
    }

    private List<UsageReceipt> send(OrganizationView sender, List<UsageRecordInput> records) {
        var receipts = new ArrayList<UsageReceipt>();
        for (int from = 0; from < records.size(); from += MeteringService.MAX_BATCH) {
            receipts.add(metering.ingestUsage(sender, records.subList(from, Math.min(records.size(),
                    from + MeteringService.MAX_BATCH))));
        }
        return receipts;
    }

    /**
     * How the two meters saw a delivery: in full; short (the nodes stopped {@link #SHORT_BY} early, as both meters
     * agree, so the buyer gets an SLA credit); or in full by the provider's meter while the buyer's reads 5 % less
     * (a discrepancy). Drawn from the contract id, so every instance and every rerun sees the same.
     */
    enum Meters {
        FULL, SHORT, BUYER_READS_LESS;

        static Meters of(long contractId) {
            int bucket = Math.floorMod(Long.hashCode(contractId * 0x9E3779B97F4A7C15L), 12);
            return bucket == 0 ? SHORT : bucket == 1 ? BUYER_READS_LESS : FULL;
        }
    }

    /** One contract's records as each side sends them. */
    record Records(List<UsageRecordInput> provider, List<UsageRecordInput> buyer) {
    }

    /**
     * The contract's GPUs spread over its allocated nodes, each node for the window (or, for a short delivery, all
     * but its last minutes). The two sides use the same record ids: they are told apart by who sends them.
     */
    static Records records(ContractView contract, Map<String, Long> gpusByCpid, Meters meters) {
        Instant end = meters == Meters.SHORT ? contract.deliveryEnd().minus(SHORT_BY) : contract.deliveryEnd();
        long seconds = Duration.between(contract.deliveryStart(), end).toSeconds();
        long remaining = contract.quantity();
        var provider = new ArrayList<UsageRecordInput>();
        var buyer = new ArrayList<UsageRecordInput>();
        for (String cpid : contract.allocations()) {
            long gpus = Math.min(remaining, gpusByCpid.get(cpid));
            if (gpus > 0) {
                String id = "demo-delivery-" + contract.contractId() + "-" + provider.size();
                long gpuSeconds = gpus * seconds;
                provider.add(new UsageRecordInput(id, contract.contractId(), cpid, contract.deliveryStart(), end,
                        gpuSeconds));
                buyer.add(new UsageRecordInput(id, contract.contractId(), cpid, contract.deliveryStart(), end,
                        meters == Meters.BUYER_READS_LESS ? gpuSeconds * BUYER_READS_PERCENT / 100 : gpuSeconds));
                remaining -= gpus;
            }
        }
        return new Records(provider, buyer);
    }

    private Map<String, Long> gpusByCpid(OrganizationView provider) {
        return nodes.nodes(provider, 0, NodeService.MAX_PAGE_SIZE).stream()
                .collect(Collectors.toMap(NodeView::cpid, node -> (long) node.gpuCount()));
    }

    private OrganizationView organization(String code) {
        return identity.organizationByCode(code).orElseThrow();
    }
}
