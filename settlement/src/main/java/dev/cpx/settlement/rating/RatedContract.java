package dev.cpx.settlement.rating;

import java.util.List;

/**
 * A contract rated: GPU-seconds contracted, reported by each source, delivered (rated), and the money that
 * follows: the SLA credit for the shortfall ({@code value x shortfall / contracted}, half up), the rated value
 * ({@code value - credit}) and the provider's fee on it.
 */
public record RatedContract(long contractId, long contractedGpuSeconds, long providerGpuSeconds,
                            long buyerGpuSeconds, boolean buyerReported, long deliveredGpuSeconds,
                            long valueMinor, long slaCreditMinor, long ratedValueMinor, long providerFeeMinor,
                            List<Discrepancy> discrepancies) {
}
