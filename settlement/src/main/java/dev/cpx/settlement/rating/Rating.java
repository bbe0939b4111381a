package dev.cpx.settlement.rating;

import dev.cpx.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rates contracts by coverage: a pure function of the contract, its usage and the rules; no clock, no I/O.
 * {@link RatingRules} states the rule; docs/api.md ("Settlement") explains it with examples.
 */
public final class Rating {

    private static final long HOUR_SECONDS = NodeHours.HOUR_SECONDS;

    private final RatingRules rules;

    public Rating(RatingRules rules) {
        this.rules = rules;
    }

    public RatedContract rate(ContractUsage contract) {
        long windowSeconds = Duration.between(contract.deliveryStart(), contract.deliveryEnd()).toSeconds();
        if (windowSeconds <= 0 || contract.quantity() < 0 || contract.valueMinor() < 0) {
            throw new IllegalArgumentException("contract " + contract.contractId() + " has no delivery window, or "
                    + "a negative quantity or value");
        }
        int hourCount = (int) ((windowSeconds + HOUR_SECONDS - 1) / HOUR_SECONDS);
        var perHour = new Exact[hourCount];
        java.util.Arrays.fill(perHour, Exact.ZERO);
        var tally = new Tally();
        for (var node : new TreeMap<>(contract.nodeGpus()).entrySet()) {
            NodeHours.Hour[] hours = NodeHours.of(windowSeconds, node.getValue(),
                    spans(contract, node.getKey(), contract.provider()), spans(contract, node.getKey(), contract.buyer()));
            for (int h = 0; h < hourCount; h++) {
                perHour[h] = perHour[h].plus(rateNodeHour(contract, node.getKey(), h, hours[h], tally));
            }
        }
        Exact delivered = Exact.ZERO;
        Exact overAllocated = Exact.ZERO;
        for (int h = 0; h < hourCount; h++) {
            // However many nodes serve it, a contract is owed at most its quantity of GPUs in each hour: time
            // delivered beyond that in one hour does not make up for a dark hour.
            long hourLength = Math.min(windowSeconds, (h + 1) * HOUR_SECONDS) - h * HOUR_SECONDS;
            Exact capped = perHour[h].min(contract.quantity() * hourLength);
            overAllocated = overAllocated.plus(perHour[h].minus(capped));
            delivered = delivered.plus(capped);
        }
        long contracted = contract.quantity() * windowSeconds;
        long credit = contracted == 0 ? 0 : delivered.shortfallShareHalfUp(contract.valueMinor(), contracted);
        long ratedValue = contract.valueMinor() - credit;
        return new RatedContract(contract.contractId(), contracted, reported(contract, contract.provider()),
                reported(contract, contract.buyer()), !contract.buyer().isEmpty(), delivered.floor(),
                contract.valueMinor(), credit, ratedValue, Money.percentOf(ratedValue, rules.providerFeeBasisPoints()),
                Coverage.of(tally.both, tally.providerAlone, tally.buyerAlone), tally.providerOnly.floor(),
                tally.buyerOnly.floor(), overAllocated.floor(), tally.discrepancies);
    }

    /**
     * One node's hour: where both sources covered it, the provider's figure capped at the buyer's plus the
     * tolerance; where one covered it alone, that one's figure; never more than the node's GPUs can give.
     */
    private Exact rateNodeHour(ContractUsage contract, long nodeId, int hour, NodeHours.Hour figures, Tally tally) {
        Exact both = Exact.ZERO;
        if (figures.bothCovered()) {
            tally.both = true;
            long tolerance = rules.tolerance(figures.bothCapacity());
            both = figures.bothProvider().min(figures.bothBuyer().plus(tolerance));
            long provider = figures.bothProvider().roundHalfUp();
            long buyer = figures.bothBuyer().roundHalfUp();
            if (provider != buyer) {
                Instant start = contract.deliveryStart().plusSeconds(hour * HOUR_SECONDS);
                Instant end = start.plusSeconds(HOUR_SECONDS).isAfter(contract.deliveryEnd())
                        ? contract.deliveryEnd() : start.plusSeconds(HOUR_SECONDS);
                tally.discrepancies.add(new Discrepancy(contract.contractId(), nodeId, start, end, provider, buyer,
                        figures.bothProvider().compareTo(figures.bothBuyer().plus(tolerance)) <= 0
                                && figures.bothBuyer().compareTo(figures.bothProvider().plus(tolerance)) <= 0,
                        both.roundHalfUp()));
            }
        }
        tally.providerAlone |= figures.providerAlone();
        tally.buyerAlone |= figures.buyerAlone();
        tally.providerOnly = tally.providerOnly.plus(figures.providerOnly());
        tally.buyerOnly = tally.buyerOnly.plus(figures.buyerOnly());
        return both.plus(figures.providerOnly()).plus(figures.buyerOnly()).min(figures.capacity());
    }

    private static List<NodeHours.Span> spans(ContractUsage contract, long nodeId, List<ContractUsage.Usage> records) {
        var spans = new ArrayList<NodeHours.Span>();
        for (ContractUsage.Usage record : records) {
            if (record.nodeId() == nodeId) {
                spans.add(new NodeHours.Span(Duration.between(contract.deliveryStart(), record.start()).toSeconds(),
                        Duration.between(contract.deliveryStart(), record.end()).toSeconds(), record.gpuSeconds()));
            }
        }
        return spans;
    }

    /** What a source's records on the contract's nodes report, in all. */
    private static long reported(ContractUsage contract, List<ContractUsage.Usage> records) {
        Map<Long, Integer> nodes = contract.nodeGpus();
        return records.stream().filter(r -> nodes.containsKey(r.nodeId()))
                .mapToLong(ContractUsage.Usage::gpuSeconds).sum();
    }

    /** What a contract's node-hours add up to besides their rated figures. */
    private static final class Tally {
        boolean both;
        boolean providerAlone;
        boolean buyerAlone;
        Exact providerOnly = Exact.ZERO;
        Exact buyerOnly = Exact.ZERO;
        final List<Discrepancy> discrepancies = new ArrayList<>();
    }
}
