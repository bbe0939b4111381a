package dev.cpx.settlement.period;

import java.time.Instant;

/** A discrepancy between the two sources for one node and hour, with its dispute if one was opened. */
public record DiscrepancyView(long discrepancyId, long contractId, String cpid, Instant intervalStart,
                              Instant intervalEnd, long providerGpuSeconds, long buyerGpuSeconds,
                              String disputeStatus) {

    public long difference() {
        return providerGpuSeconds - buyerGpuSeconds;
    }
}
