package dev.cpx.settlement.payments;

import java.time.Instant;

/**
 * A wallet top-up. {@code clientSecret} is Stripe's secret for the browser to confirm the payment; it is only
 * present in the answer that created the top-up and never stored. The received fields are set once platform finance
 * confirmed a bank transfer: what arrived (credited to the wallet), the bank's reference, who confirmed it and when.
 * {@code refundedMinor} and {@code disputedMinor}: card payments taken back out of the wallet.
 */
public record TopUpView(long topUpId, String organization, long amountMinor, String currency, String channel,
                        String status, String paymentIntentId, String clientSecret, String bankReference,
                        Instant createdAt, Long receivedMinor, String receivedReference, String confirmedBy,
                        Instant confirmedAt, long refundedMinor, long disputedMinor) {
}
