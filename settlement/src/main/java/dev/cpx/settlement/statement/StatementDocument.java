package dev.cpx.settlement.statement;

import java.time.Instant;
import java.util.List;

/** Everything a statement report shows; the three formats render exactly these figures. */
public record StatementDocument(long periodId, Instant periodStart, Instant periodEnd, String periodStatus,
                                String organizationCode, String organizationName, String currency,
                                List<StatementLine> lines, StatementTotals totals, String contentHash,
                                Instant generatedAt) {

    /** While the period is open its figures are preliminary: every run may change them until the close. */
    public boolean preliminary() {
        return !"CLOSED".equals(periodStatus);
    }
}
