package dev.cpx.settlement.netting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nets a period's obligations: the matrix of gross amounts each organization owes each other, each one's net
 * position (positive: it receives), and the payments that settle everything through the platform's clearing
 * account, one per organization. An operator that both buys and sells pays or receives only its net.
 */
public final class Netting {

    private Netting() {
    }

    /** {@code payer} owes {@code payee} this amount (minor units) for the period. */
    public record Obligation(String payer, String payee, long amountMinor) {

        public Obligation {
            if (amountMinor < 0) {
                throw new IllegalArgumentException("an obligation cannot be negative: " + amountMinor);
            }
        }
    }

    /** One transfer that settles a net position against the clearing account. */
    public record Payment(String from, String to, long amountMinor) {
    }

    /** The gross matrix (payer to payee to amount), net positions, and payments. */
    public record Result(Map<String, Map<String, Long>> gross, Map<String, Long> net, List<Payment> payments) {

        public long grossTotal() {
            return gross.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        }

        public long paymentTotal() {
            return payments.stream().mapToLong(Payment::amountMinor).sum();
        }
    }

    public static Result net(List<Obligation> obligations, String clearingAccount) {
        var gross = new TreeMap<String, Map<String, Long>>();
        var net = new TreeMap<String, Long>();
        for (Obligation o : obligations) {
            if (o.amountMinor() == 0 || o.payer().equals(o.payee())) {
                continue;
            }
            gross.computeIfAbsent(o.payer(), k -> new TreeMap<>()).merge(o.payee(), o.amountMinor(), Long::sum);
            net.merge(o.payer(), -o.amountMinor(), Long::sum);
            net.merge(o.payee(), o.amountMinor(), Long::sum);
        }
        var payments = new ArrayList<Payment>();
        net.forEach((organization, position) -> {
            if (position < 0) {
                payments.add(new Payment(organization, clearingAccount, -position));
            } else if (position > 0) {
                payments.add(new Payment(clearingAccount, organization, position));
            }
        });
        long sum = net.values().stream().mapToLong(Long::longValue).sum();
        if (sum != 0) {
            throw new IllegalStateException("net positions must sum to zero, got " + sum);
        }
        return new Result(gross, net, payments);
    }
}
