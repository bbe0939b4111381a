package dev.cpx.settlement.period;

import dev.cpx.settlement.statement.RunKind;
import java.time.Instant;

/** A run of a period: its number (from 1), kind, when it was made (or last re-rated) and its content hash. */
public record RunView(long runId, long periodId, int run, RunKind kind, Instant createdAt, String createdBy,
                      String contentHash, String nettingHash) {
}
