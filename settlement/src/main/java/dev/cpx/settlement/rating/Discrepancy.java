package dev.cpx.settlement.rating;

import java.time.Instant;

/** An hour of one node where the two sources differ by more than the tolerance. */
public record Discrepancy(long contractId, long nodeId, Instant intervalStart, Instant intervalEnd,
                          long providerGpuSeconds, long buyerGpuSeconds) {

    public long difference() {
        return providerGpuSeconds - buyerGpuSeconds;
    }
}
