package dev.cpx.settlement.payments;

/**
 * Stripe settings: without a secret key top-ups are manual bank transfers that platform finance confirms.
 * {@code apiBase} points the client at Stripe (or, in tests, at a local Stripe-compatible server).
 */
public record PaymentSettings(String currency, String stripeSecretKey, String stripeWebhookSecret, String apiBase,
                              long maxTopUpMinor) {

    public boolean stripeEnabled() {
        return stripeSecretKey != null && !stripeSecretKey.isBlank();
    }
}
