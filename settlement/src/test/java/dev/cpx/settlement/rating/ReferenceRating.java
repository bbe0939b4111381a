package dev.cpx.settlement.rating;

import dev.cpx.settlement.rating.ContractUsage.Usage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rating rule computed second by second from its text, with exact fractions: slow and simple, sharing no code
 * with {@link Rating}. Each second of a node has, from each side, either no record or a rate (GPU-seconds per
 * second of the records covering it, never above the node's GPUs); an hour of a node sums its seconds by who
 * covered them.
 */
final class ReferenceRating {

    /** What the reference says about a contract. */
    record Result(long deliveredGpuSeconds, long slaCreditMinor, Coverage coverage, long oneSidedProviderGpuSeconds,
                  long oneSidedBuyerGpuSeconds, long overAllocatedGpuSeconds, int discrepancies,
                  int beyondTolerance) {
    }

    /** A non-negative fraction. */
    record Q(BigInteger n, BigInteger d) {
        static final Q ZERO = new Q(BigInteger.ZERO, BigInteger.ONE);

        static Q of(long n, long d) {
            return new Q(BigInteger.valueOf(n), BigInteger.valueOf(d)).reduce();
        }

        Q add(Q o) {
            return new Q(n.multiply(o.d).add(o.n.multiply(d)), d.multiply(o.d)).reduce();
        }

        Q sub(Q o) {
            return new Q(n.multiply(o.d).subtract(o.n.multiply(d)), d.multiply(o.d)).reduce();
        }

        Q times(long k) {
            return new Q(n.multiply(BigInteger.valueOf(k)), d).reduce();
        }

        boolean greaterThan(Q o) {
            return n.multiply(o.d).compareTo(o.n.multiply(d)) > 0;
        }

        Q min(Q o) {
            return greaterThan(o) ? o : this;
        }

        Q abs() {
            return n.signum() < 0 ? new Q(n.negate(), d) : this;
        }

        long floor() {
            return n.divide(d).longValueExact();
        }

        long round() {
            return n.add(n).add(d).divide(d.add(d)).longValueExact();
        }

        private Q reduce() {
            BigInteger g = n.gcd(d);
            return g.signum() == 0 || g.equals(BigInteger.ONE) ? this : new Q(n.divide(g), d.divide(g));
        }
    }

    private ReferenceRating() {
    }

    static Result rate(ContractUsage c, RatingRules rules) {
        long window = Duration.between(c.deliveryStart(), c.deliveryEnd()).toSeconds();
        int hours = (int) ((window + 3599) / 3600);
        Q[] hourTotals = new Q[hours];
        java.util.Arrays.fill(hourTotals, Q.ZERO);
        Q providerAlone = Q.ZERO;
        Q buyerAlone = Q.ZERO;
        boolean anyBoth = false;
        boolean anyProviderAlone = false;
        boolean anyBuyerAlone = false;
        int discrepancies = 0;
        int beyond = 0;
        for (Map.Entry<Long, Integer> node : c.nodeGpus().entrySet()) {
            Q[] p = rates(c, node.getKey(), node.getValue(), c.provider(), window);
            Q[] b = rates(c, node.getKey(), node.getValue(), c.buyer(), window);
            for (int h = 0; h < hours; h++) {
                Q bothP = Q.ZERO;
                Q bothB = Q.ZERO;
                Q pAlone = Q.ZERO;
                Q bAlone = Q.ZERO;
                long bothSeconds = 0;
                long end = Math.min(window, (h + 1) * 3600L);
                for (long s = h * 3600L; s < end; s++) {
                    Q ps = p[(int) s];
                    Q bs = b[(int) s];
                    if (ps != null && bs != null) {
                        bothP = bothP.add(ps);
                        bothB = bothB.add(bs);
                        bothSeconds++;
                    } else if (ps != null) {
                        pAlone = pAlone.add(ps);
                        anyProviderAlone = true;
                    } else if (bs != null) {
                        bAlone = bAlone.add(bs);
                        anyBuyerAlone = true;
                    }
                }
                Q rated = pAlone.add(bAlone);
                if (bothSeconds > 0) {
                    anyBoth = true;
                    long tolerance = Math.max(rules.toleranceGpuSeconds(),
                            node.getValue() * bothSeconds * rules.tolerancePermille() / 1000);
                    rated = rated.add(bothP.min(bothB.add(Q.of(tolerance, 1))));
                    if (bothP.round() != bothB.round()) {
                        discrepancies++;
                        beyond += bothP.sub(bothB).abs().greaterThan(Q.of(tolerance, 1)) ? 1 : 0;
                    }
                }
                hourTotals[h] = hourTotals[h].add(rated.min(Q.of(node.getValue() * (end - h * 3600L), 1)));
                providerAlone = providerAlone.add(pAlone);
                buyerAlone = buyerAlone.add(bAlone);
            }
        }
        Q delivered = Q.ZERO;
        Q over = Q.ZERO;
        for (int h = 0; h < hours; h++) {
            Q cap = Q.of(c.quantity() * (Math.min(window, (h + 1) * 3600L) - h * 3600L), 1);
            delivered = delivered.add(hourTotals[h].min(cap));
            over = over.add(hourTotals[h].sub(hourTotals[h].min(cap)));
        }
        long contracted = c.quantity() * window;
        Q shortfall = Q.of(contracted, 1).sub(delivered);
        long credit = 0;
        if (contracted > 0) {
            // value x shortfall / contracted, half up: floor((2n + dC) / 2dC) for value x shortfall = n / d.
            Q owed = shortfall.times(c.valueMinor());
            BigInteger whole = owed.d().multiply(BigInteger.valueOf(contracted));
            credit = owed.n().shiftLeft(1).add(whole).divide(whole.shiftLeft(1)).longValueExact();
        }
        Coverage coverage = !anyBoth && !anyProviderAlone && !anyBuyerAlone ? Coverage.NONE
                : anyBoth && !anyProviderAlone && !anyBuyerAlone ? Coverage.BOTH
                : !anyBoth && anyProviderAlone && !anyBuyerAlone ? Coverage.PROVIDER_ONLY
                : !anyBoth && !anyProviderAlone ? Coverage.BUYER_ONLY : Coverage.PARTLY_ONE_SIDED;
        return new Result(delivered.floor(), credit, coverage, providerAlone.floor(), buyerAlone.floor(),
                over.floor(), discrepancies, beyond);
    }

    /** Per second of the window, the rate of the node's records from one side, null where none covers it. */
    private static Q[] rates(ContractUsage c, long nodeId, int gpus, List<Usage> records, long window) {
        Q[] rates = new Q[(int) window];
        var mine = new ArrayList<Usage>();
        records.stream().filter(r -> r.nodeId() == nodeId).forEach(mine::add);
        for (Usage r : mine) {
            long from = Duration.between(c.deliveryStart(), r.start()).toSeconds();
            long to = Duration.between(c.deliveryStart(), r.end()).toSeconds();
            Q rate = Q.of(r.gpuSeconds(), to - from);
            for (long s = Math.max(0, from); s < Math.min(window, to); s++) {
                rates[(int) s] = rates[(int) s] == null ? rate : rates[(int) s].add(rate).min(Q.of(gpus, 1));
            }
        }
        for (int s = 0; s < rates.length; s++) {
            if (rates[s] != null) {
                rates[s] = rates[s].min(Q.of(gpus, 1));
            }
        }
        return rates;
    }
}
