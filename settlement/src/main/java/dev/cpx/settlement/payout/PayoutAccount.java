package dev.cpx.settlement.payout;

import java.time.Instant;

/**
 * Where an organization's payouts go: a Stripe connected account ({@code acct_...}) for {@code STRIPE_CONNECT}, or a
 * bank account (holder, IBAN, BIC) for {@code BANK_FILE}.
 */
public record PayoutAccount(PayoutRailKind rail, String stripeAccountId, String accountHolder, String iban,
                            String bic, Instant updatedAt, String updatedBy) {
}
