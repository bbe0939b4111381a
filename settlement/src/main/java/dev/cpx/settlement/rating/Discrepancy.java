package dev.cpx.settlement.rating;

import java.time.Instant;

/**
 * An hour of one node where both sources reported and their figures differ, over the part of the hour both
 * covered. Every difference is one, however small, and may be disputed: {@code withinTolerance} says whether the
 * two figures are at most the tolerance apart (then the provider's figure was rated); {@code ratedGpuSeconds} is
 * what was rated for that part (the provider's figure, never above the buyer's plus the tolerance). Figures are
 * rounded half up to whole GPU-seconds.
 */
public record Discrepancy(long contractId, long nodeId, Instant intervalStart, Instant intervalEnd,
                          long providerGpuSeconds, long buyerGpuSeconds, boolean withinTolerance,
                          long ratedGpuSeconds) {

    public long difference() {
        return providerGpuSeconds - buyerGpuSeconds;
    }
}
