package dev.cpx.settlement.metering;

import java.time.Instant;

/** One usage record as sent; any field may be missing or wrong, and is checked on its own. */
public record UsageRecordInput(String recordId, Long contractId, String cpid, Instant intervalStart,
                               Instant intervalEnd, Long gpuSeconds) {
}
