package dev.cpx.settlement.period;

import java.time.Instant;

/**
 * A dispute on a discrepancy, or on a whole contract line where one side never reported ({@code discrepancyId}
 * null): opened by either side of the contract, resolved by platform finance with an adjustment (in minor units,
 * to the buyer or to the provider) booked in the dispute's own period. {@code withheldMinor}: what it holds back
 * from the provider's payout while open.
 */
public record DisputeView(long disputeId, Long discrepancyId, long contractId, long periodId, String openedBy,
                          String openedByOrganization, String reason, String status, Instant openedAt,
                          String resolution, Long adjustmentMinor, String adjustmentTo, Long adjustmentPeriodId,
                          String resolvedBy, Instant resolvedAt, long withheldMinor) {
}
