package dev.cpx.settlement.period;

import java.time.Instant;

/**
 * A difference between the two sources for one node and hour, over the part both covered, with what was rated for
 * it, whether it was within the tolerance, and its dispute if one was opened. Any difference may be disputed.
 */
public record DiscrepancyView(long discrepancyId, long contractId, String cpid, Instant intervalStart,
                              Instant intervalEnd, long providerGpuSeconds, long buyerGpuSeconds,
                              boolean withinTolerance, long ratedGpuSeconds, String disputeStatus) {

    public long difference() {
        return providerGpuSeconds - buyerGpuSeconds;
    }
}
