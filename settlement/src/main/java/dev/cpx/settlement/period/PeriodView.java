package dev.cpx.settlement.period;

import dev.cpx.settlement.rating.RatingRules;
import java.time.Instant;

/**
 * A settlement period with its counts and totals (minor units of {@code currency}), and the rules it rates with:
 * both were recorded when the period opened, so a later change of configuration does not re-price it.
 */
public record PeriodView(long periodId, Instant periodStart, Instant periodEnd, String status, int contracts,
                         long usageRecords, int discrepancies, long valueMinor, long slaCreditsMinor,
                         long feesMinor, long deliveredGpuSeconds, long contractedGpuSeconds, String contentHash,
                         Instant ratedAt, Instant closedAt, String currency, RatingRules rules) {

    public boolean open() {
        return "OPEN".equals(status);
    }
}
