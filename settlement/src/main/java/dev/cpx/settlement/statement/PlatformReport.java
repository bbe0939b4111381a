package dev.cpx.settlement.statement;

import java.time.Instant;
import java.util.List;

/** The platform-wide report of a period: every organization's totals, and the sums over all of them. */
public record PlatformReport(long periodId, Instant periodStart, Instant periodEnd, String periodStatus,
                             String currency, List<StatementTotals> organizations, StatementTotals sum,
                             String contentHash, Instant generatedAt) {
}
