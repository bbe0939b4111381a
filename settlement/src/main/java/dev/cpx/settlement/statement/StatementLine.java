package dev.cpx.settlement.statement;

import dev.cpx.settlement.rating.Coverage;

/**
 * One line of an organization's statement: a contract it bought or provided, or an adjustment decided on a
 * dispute. Amounts in minor units (cents) of the period's currency.
 *
 * <p>A contract line: {@code ratedValue = value - slaCredit} is what the delivered GPU-time is worth; its net is
 * {@code -ratedValue - fee} for the buyer and {@code ratedValue - fee} for the provider. GPU-seconds: contracted,
 * reported by each side, and delivered (rated); {@code coverage} says which sides the figure rests on,
 * {@code oneSidedGpuSeconds} how much came from one side alone, {@code differences} in how many node-hours the
 * sides disagreed (each listed as a discrepancy). An adjustment line has only {@code adjustment}, which is its
 * net: positive when money came to the organization, negative when it left. {@code note} says in words what the
 * figures alone do not. {@code project} is the organization's own project tag on the contract (its side's),
 * null when it set none; {@code disputeId} names the dispute an adjustment was decided on (0 on a contract line).
 */
public record StatementLine(long contractId, Kind kind, String instrument, Role role, String counterparty,
                            long quantity, long priceMinor, long contractedGpuSeconds, long providerGpuSeconds,
                            long buyerGpuSeconds, long deliveredGpuSeconds, long valueMinor, long ratedValueMinor,
                            long slaCreditMinor, long feeMinor, long adjustmentMinor, long netMinor,
                            Coverage coverage, long oneSidedGpuSeconds, int differences, String note,
                            String project, long disputeId) {

    /** Which side of the contract the statement's organization is. */
    public enum Role {
        BUYER,
        PROVIDER
    }

    /** A settled contract, or an adjustment booked on a dispute. */
    public enum Kind {
        CONTRACT,
        ADJUSTMENT
    }

    /** A line without a project tag or dispute. */
    public StatementLine(long contractId, Kind kind, String instrument, Role role, String counterparty,
                         long quantity, long priceMinor, long contractedGpuSeconds, long providerGpuSeconds,
                         long buyerGpuSeconds, long deliveredGpuSeconds, long valueMinor, long ratedValueMinor,
                         long slaCreditMinor, long feeMinor, long adjustmentMinor, long netMinor,
                         Coverage coverage, long oneSidedGpuSeconds, int differences, String note) {
        this(contractId, kind, instrument, role, counterparty, quantity, priceMinor, contractedGpuSeconds,
                providerGpuSeconds, buyerGpuSeconds, deliveredGpuSeconds, valueMinor, ratedValueMinor, slaCreditMinor,
                feeMinor, adjustmentMinor, netMinor, coverage, oneSidedGpuSeconds, differences, note, null, 0);
    }

    /** What identifies the line within its statement beside its role: its contract, or its dispute. */
    public String reference() {
        return kind == Kind.ADJUSTMENT ? "dispute:" + disputeId : "contract:" + contractId;
    }

    public StatementLine {
        long expected = kind == Kind.ADJUSTMENT ? adjustmentMinor
                : role == Role.BUYER ? -ratedValueMinor - feeMinor : ratedValueMinor - feeMinor;
        if (netMinor != expected || (kind == Kind.CONTRACT && adjustmentMinor != 0)) {
            throw new IllegalArgumentException("line of contract " + contractId + " (" + kind + ", " + role
                    + ") nets " + netMinor + ", its figures " + expected);
        }
        if ((kind == Kind.ADJUSTMENT) != (disputeId > 0)) {
            throw new IllegalArgumentException("line of contract " + contractId + ": an adjustment names its "
                    + "dispute, a contract line none (" + kind + ", dispute " + disputeId + ")");
        }
    }
}
