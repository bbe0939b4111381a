package dev.cpx.settlement.rating;

/**
 * How usage is rated. Per node and hour of the delivery window, the provider's and the buyer's GPU-seconds are
 * compared; a difference above {@code max(toleranceGpuSeconds, tolerancePermille x capacity / 1000)} is a
 * discrepancy. The rated GPU-seconds of a bucket are the lower of the two sources when the buyer reports on the
 * contract, the provider's figure otherwise, never above the bucket's capacity.
 */
public record RatingRules(long toleranceGpuSeconds, int tolerancePermille, int providerFeeBasisPoints) {

    public RatingRules {
        if (toleranceGpuSeconds < 0 || tolerancePermille < 0 || tolerancePermille > 1000) {
            throw new IllegalArgumentException("tolerances must be non-negative, permille at most 1000");
        }
        if (providerFeeBasisPoints < 0 || providerFeeBasisPoints > 1000) {
            throw new IllegalArgumentException("providerFeeBasisPoints must be 0-1000");
        }
    }

    long tolerance(long capacityGpuSeconds) {
        return Math.max(toleranceGpuSeconds, capacityGpuSeconds * tolerancePermille / 1000);
    }
}
