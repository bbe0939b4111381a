package dev.cpx.settlement.payout;

import java.time.Instant;

/**
 * One payout: {@code amountMinor} = {@code receivableMinor} (the organization's net position in the run's netting)
 * less {@code withheldMinor} (open disputes) less {@code paidBeforeMinor} (earlier runs' payouts of the period).
 */
public record PayoutView(long payoutId, long periodId, int run, String organization, long receivableMinor,
                         long withheldMinor, long paidBeforeMinor, long amountMinor, String currency,
                         PayoutRailKind rail, PayoutStatus status, boolean debited, String transferId,
                         String bankFileId, String failure, Instant createdAt, Instant sentAt) {
}
