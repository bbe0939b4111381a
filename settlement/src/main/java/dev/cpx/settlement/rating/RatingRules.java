package dev.cpx.settlement.rating;

/**
 * How usage is rated, by coverage, per allocated node and hour of the delivery window (records are spread over
 * the time they span in proportion to time):
 * <ul>
 *   <li>where both sources covered the time, the provider's figure counts, but never more than the buyer's
 *   figure plus the tolerance {@code max(toleranceGpuSeconds, tolerancePermille x capacity / 1000)}, capacity
 *   being the node's GPUs over the part both covered. Within the tolerance the provider's meter, which runs on the
 *   hardware, settles the figure; beyond it the buyer pays no more than its own figure plus the tolerance, until
 *   a dispute decides. Every difference, within the tolerance or not, is listed as a discrepancy;</li>
 *   <li>where one source covered the time alone, its figure counts and the line is flagged one-sided;</li>
 *   <li>a node-hour never counts more than its GPUs can give, and an hour of the contract never more than its
 *   quantity x 3,600 GPU-seconds across all its nodes.</li>
 * </ul>
 * The figure is monotone: a higher report from either side never lowers it.
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
