package dev.cpx.settlement.statement;

/**
 * One contract on an organization's statement. Amounts in minor units (cents) of the period's currency; the
 * organization is either the buyer or the provider of the contract. For a buyer the line's net is what it owes
 * (negative), for a provider what it is owed (positive): {@code net = sign x (ratedValue - slaCredit) - fee}
 * where sign is -1 for the buyer and +1 for the provider.
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
