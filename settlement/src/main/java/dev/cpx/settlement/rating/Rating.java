package dev.cpx.settlement.rating;

import dev.cpx.core.money.Money;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rates contracts: a pure function of the contract, its usage and the rules; no clock, no I/O. */
public final class Rating {

    private static final long BUCKET_SECONDS = 3600;

    private final RatingRules rules;

    public Rating(RatingRules rules) {
        this.rules = rules;
    }

    public RatedContract rate(ContractUsage contract) {
        long windowSeconds = Duration.between(contract.deliveryStart(), contract.deliveryEnd()).toSeconds();
        int buckets = (int) ((windowSeconds + BUCKET_SECONDS - 1) / BUCKET_SECONDS);
        Map<Long, long[]> provider = bucketize(contract, contract.provider(), buckets);
        Map<Long, long[]> buyer = bucketize(contract, contract.buyer(), buckets);
        boolean buyerReported = !contract.buyer().isEmpty();
        var discrepancies = new ArrayList<Discrepancy>();
        long delivered = 0;
        for (var node : new TreeMap<>(contract.nodeGpus()).entrySet()) {
            long[] p = provider.getOrDefault(node.getKey(), new long[buckets]);
            long[] b = buyer.getOrDefault(node.getKey(), new long[buckets]);
            for (int h = 0; h < buckets; h++) {
                Instant start = contract.deliveryStart().plusSeconds(h * BUCKET_SECONDS);
                Instant end = min(start.plusSeconds(BUCKET_SECONDS), contract.deliveryEnd());
                long capacity = node.getValue() * Duration.between(start, end).toSeconds();
                if (buyerReported && Math.abs(p[h] - b[h]) > rules.tolerance(capacity)) {
                    discrepancies.add(new Discrepancy(contract.contractId(), node.getKey(), start, end, p[h], b[h]));
                }
                long rated = buyerReported ? Math.min(p[h], b[h]) : p[h];
                delivered += Math.min(rated, capacity);
            }
        }
        long contracted = contract.quantity() * windowSeconds;
        delivered = Math.min(delivered, contracted);
        long credit = contracted == 0 ? 0 : shareHalfUp(contract.valueMinor(), contracted - delivered, contracted);
        long ratedValue = contract.valueMinor() - credit;
        return new RatedContract(contract.contractId(), contracted, sum(provider), sum(buyer), buyerReported,
                delivered, contract.valueMinor(), credit, ratedValue,
                Money.percentOf(ratedValue, rules.providerFeeBasisPoints()), List.copyOf(discrepancies));
    }

    /**
     * Spreads each record over the hour buckets it spans in proportion to time; the remainder of the integer
     * split goes to the record's last bucket, so every GPU-second lands somewhere.
     */
    private static Map<Long, long[]> bucketize(ContractUsage contract, List<ContractUsage.Usage> records, int buckets) {
        var byNode = new java.util.HashMap<Long, long[]>();
        for (ContractUsage.Usage record : records) {
            long[] series = byNode.computeIfAbsent(record.nodeId(), k -> new long[buckets]);
            long offset = Duration.between(contract.deliveryStart(), record.start()).toSeconds();
            long length = Duration.between(record.start(), record.end()).toSeconds();
            if (length <= 0 || offset < 0) {
                continue;
            }
            long assigned = 0;
            int first = (int) (offset / BUCKET_SECONDS);
            int last = (int) Math.min(buckets - 1, (offset + length - 1) / BUCKET_SECONDS);
            for (int h = first; h <= last; h++) {
                long bucketStart = h * BUCKET_SECONDS;
                long overlap = Math.min(offset + length, bucketStart + BUCKET_SECONDS) - Math.max(offset, bucketStart);
                long share = h == last ? record.gpuSeconds() - assigned : record.gpuSeconds() * overlap / length;
                series[h] += share;
                assigned += share;
            }
        }
        return byNode;
    }

    private static long sum(Map<Long, long[]> series) {
        long total = 0;
        for (long[] values : series.values()) {
            for (long value : values) {
                total += value;
            }
        }
        return total;
    }

    /** {@code amount x part / whole}, rounded half up, exact for any long inputs. */
    static long shareHalfUp(long amount, long part, long whole) {
        BigInteger[] division = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(part))
                .divideAndRemainder(BigInteger.valueOf(whole));
        long quotient = division[0].longValueExact();
        return division[1].shiftLeft(1).compareTo(BigInteger.valueOf(whole)) >= 0 ? quotient + 1 : quotient;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
