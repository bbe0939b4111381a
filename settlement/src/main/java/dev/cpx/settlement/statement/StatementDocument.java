package dev.cpx.settlement.statement;

import java.time.Instant;
import java.util.List;

/**
 * Everything a statement report shows; the three formats render exactly these figures. {@code run} and
 * {@code runKind} name the run the statement is from (null for a period closed before runs were recorded).
 */
public record StatementDocument(long periodId, Instant periodStart, Instant periodEnd, String periodStatus,
                                String organizationCode, String organizationName, String currency,
                                List<StatementLine> lines, StatementTotals totals, String contentHash,
                                Instant generatedAt, Integer run, String runKind) {

    /** A statement that names no run. */
    public StatementDocument(long periodId, Instant periodStart, Instant periodEnd, String periodStatus,
                             String organizationCode, String organizationName, String currency,
                             List<StatementLine> lines, StatementTotals totals, String contentHash,
                             Instant generatedAt) {
        this(periodId, periodStart, periodEnd, periodStatus, organizationCode, organizationName, currency, lines,
                totals, contentHash, generatedAt, null, null);
    }

    /** While the period is open its figures are preliminary: every run may change them until the close. */
    public boolean preliminary() {
        return !"CLOSED".equals(periodStatus);
    }
}
