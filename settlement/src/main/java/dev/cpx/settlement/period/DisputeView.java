package dev.cpx.settlement.period;

import java.time.Instant;

/**
 * A dispute on a discrepancy: opened by either side of the contract, resolved by platform finance with an
 * adjustment (in minor units, to the buyer or to the provider) booked in the next open period.
 */
public record DisputeView(long disputeId, long discrepancyId, long contractId, long periodId, String openedBy,
                          String openedByOrganization, String reason, String status, Instant openedAt,
                          String resolution, Long adjustmentMinor, String adjustmentTo, Long adjustmentPeriodId,
                          String resolvedBy, Instant resolvedAt) {
}
