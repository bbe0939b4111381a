package dev.cpx.settlement.rating;

import java.util.List;

/**
 * A contract rated: GPU-seconds contracted, reported by each source (the sums of their records), delivered
 * (rated, rounded down to a whole GPU-second), and the money that follows: the SLA credit for the shortfall
 * ({@code value x shortfall / contracted} on the exact delivered figure, half up), the rated value
 * ({@code value - credit}) and the provider's fee on it. {@code coverage} says which sources the delivered time
 * rests on; {@code oneSidedProviderGpuSeconds} and {@code oneSidedBuyerGpuSeconds} are what the provider's and the
 * buyer's records gave where the other side reported nothing; {@code overAllocatedGpuSeconds} is what the nodes
 * gave beyond the contract's quantity in an hour, which is not paid.
 */
public record RatedContract(long contractId, long contractedGpuSeconds, long providerGpuSeconds,
                            long buyerGpuSeconds, boolean buyerReported, long deliveredGpuSeconds,
                            long valueMinor, long slaCreditMinor, long ratedValueMinor, long providerFeeMinor,
                            Coverage coverage, long oneSidedProviderGpuSeconds, long oneSidedBuyerGpuSeconds,
                            long overAllocatedGpuSeconds, List<Discrepancy> discrepancies) {

    public RatedContract {
        discrepancies = List.copyOf(discrepancies);
        if (ratedValueMinor + slaCreditMinor != valueMinor || deliveredGpuSeconds > contractedGpuSeconds
                || slaCreditMinor < 0 || providerFeeMinor > ratedValueMinor) {
            throw new IllegalStateException("contract " + contractId + " does not add up: value " + valueMinor
                    + ", rated " + ratedValueMinor + ", credit " + slaCreditMinor + ", fee " + providerFeeMinor
                    + ", delivered " + deliveredGpuSeconds + " of " + contractedGpuSeconds);
        }
    }

    /** Node-hours where both reported and differ by more than the tolerance. */
    public long beyondTolerance() {
        return discrepancies.stream().filter(d -> !d.withinTolerance()).count();
    }
}
