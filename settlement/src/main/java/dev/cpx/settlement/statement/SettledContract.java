package dev.cpx.settlement.statement;

import dev.cpx.settlement.rating.Coverage;

/**
 * A contract as settled in a period, with both parties: one line on each party's statement. Amounts in minor
 * units; GPU-seconds as rated. Each side's project tag (null when it set none) goes on its own line only.
 */
public record SettledContract(long contractId, String instrument, long buyerId, String buyer, long providerId,
                              String provider, long quantity, long priceMinor, long contractedGpuSeconds,
                              long providerGpuSeconds, long buyerGpuSeconds, long deliveredGpuSeconds,
                              long valueMinor, long ratedValueMinor, long slaCreditMinor, long buyerFeeMinor,
                              long providerFeeMinor, Coverage coverage, long oneSidedProviderGpuSeconds,
                              long oneSidedBuyerGpuSeconds, int differences, int beyondTolerance,
                              String buyerProject, String providerProject) {

    /** A contract neither side tagged with a project. */
    public SettledContract(long contractId, String instrument, long buyerId, String buyer, long providerId,
                           String provider, long quantity, long priceMinor, long contractedGpuSeconds,
                           long providerGpuSeconds, long buyerGpuSeconds, long deliveredGpuSeconds,
                           long valueMinor, long ratedValueMinor, long slaCreditMinor, long buyerFeeMinor,
                           long providerFeeMinor, Coverage coverage, long oneSidedProviderGpuSeconds,
                           long oneSidedBuyerGpuSeconds, int differences, int beyondTolerance) {
        this(contractId, instrument, buyerId, buyer, providerId, provider, quantity, priceMinor,
                contractedGpuSeconds, providerGpuSeconds, buyerGpuSeconds, deliveredGpuSeconds, valueMinor,
                ratedValueMinor, slaCreditMinor, buyerFeeMinor, providerFeeMinor, coverage, oneSidedProviderGpuSeconds,
                oneSidedBuyerGpuSeconds, differences, beyondTolerance, null, null);
    }

    public StatementLine forBuyer() {
        return line(StatementLine.Role.BUYER, provider, buyerFeeMinor, -ratedValueMinor - buyerFeeMinor);
    }

    public StatementLine forProvider() {
        return line(StatementLine.Role.PROVIDER, buyer, providerFeeMinor, ratedValueMinor - providerFeeMinor);
    }

    private StatementLine line(StatementLine.Role role, String counterparty, long feeMinor, long netMinor) {
        return new StatementLine(contractId, StatementLine.Kind.CONTRACT, instrument, role, counterparty, quantity,
                priceMinor, contractedGpuSeconds, providerGpuSeconds, buyerGpuSeconds, deliveredGpuSeconds,
                valueMinor, ratedValueMinor, slaCreditMinor, feeMinor, 0, netMinor, coverage,
                oneSidedProviderGpuSeconds + oneSidedBuyerGpuSeconds, differences, LineNotes.contract(this, role),
                role == StatementLine.Role.BUYER ? buyerProject : providerProject, 0);
    }
}
