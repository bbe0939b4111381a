package dev.cpx.settlement.statement;

import java.time.Instant;
import java.util.List;

/**
 * The platform-wide report of a period: every organization's totals, and their sum, in which each contract's SLA
 * credit counts once.
 */
public record PlatformReport(long periodId, Instant periodStart, Instant periodEnd, String periodStatus,
                             String currency, List<StatementTotals> organizations, StatementTotals sum,
                             String contentHash, Instant generatedAt) {

    /** While the period is open its figures are preliminary: every run may change them until the close. */
    public boolean preliminary() {
        return !"CLOSED".equals(periodStatus);
    }
}
