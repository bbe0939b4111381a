package dev.cpx.settlement.statement;

/**
 * One contract on an organization's statement. Amounts in minor units (cents) of the period's currency; the
 * organization is either the buyer or the provider of the contract. {@code ratedValue = value - slaCredit} is
 * what the delivered GPU-time is worth; the line's net is {@code -ratedValue - fee} for the buyer (what it
 * owes) and {@code ratedValue - fee} for the provider (what it is owed).
 */
public record StatementLine(long contractId, String instrument, Role role, String counterparty, long quantity,
                            long priceMinor, long contractedGpuSeconds, long deliveredGpuSeconds,
                            long valueMinor, long ratedValueMinor, long slaCreditMinor, long feeMinor,
                            long netMinor) {

    /** Which side of the contract the statement's organization is. */
    public enum Role {
        BUYER,
        PROVIDER
    }
}
