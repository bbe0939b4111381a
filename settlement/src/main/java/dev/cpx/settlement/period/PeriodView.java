package dev.cpx.settlement.period;

import java.time.Instant;

/** A settlement period with its counts and totals (minor units). */
public record PeriodView(long periodId, Instant periodStart, Instant periodEnd, String status, int contracts,
                         long usageRecords, int discrepancies, long valueMinor, long slaCreditsMinor,
                         long feesMinor, long deliveredGpuSeconds, long contractedGpuSeconds, String contentHash,
                         Instant ratedAt, Instant closedAt) {
}
