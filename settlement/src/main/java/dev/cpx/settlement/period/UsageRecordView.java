package dev.cpx.settlement.period;

import java.time.Instant;

/** A usage record behind a statement line, as its sender reported it and when it was received. */
public record UsageRecordView(String source, String recordId, long contractId, String cpid, Instant intervalStart,
                              Instant intervalEnd, long gpuSeconds, Instant receivedAt) {
}
