package dev.cpx.settlement.payments;

import java.time.Instant;

/**
 * A wallet top-up. {@code clientSecret} is Stripe's secret for the browser to confirm the payment; it is only
 * present in the answer that created the top-up and never stored.
 */
public record TopUpView(long topUpId, String organization, long amountMinor, String currency, String channel,
                        String status, String paymentIntentId, String clientSecret, String bankReference,
                        Instant createdAt) {
}
