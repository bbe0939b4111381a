package dev.cpx.settlement.payout;

import java.time.Duration;

/**
 * The platform's side of payouts: the account bank-file payouts are paid from (the pain.001 debtor), how long the
 * janitor waits before sending a payout again that got no answer, and the most payouts one run may make.
 */
public record PayoutSettings(String debtorName, String debtorIban, String debtorBic, Duration retryAfter,
                             int maxPayoutsPerRun) {

    public PayoutSettings {
        if (debtorName == null || debtorName.isBlank() || debtorIban == null || debtorBic == null) {
            throw new IllegalArgumentException("payouts need the platform's debtor name, IBAN and BIC");
        }
        if (!Iban.valid(debtorIban)) {
            throw new IllegalArgumentException("cpx.payouts.debtor-iban is not a valid IBAN: " + debtorIban);
        }
        if (retryAfter == null || retryAfter.isNegative() || maxPayoutsPerRun < 1) {
            throw new IllegalArgumentException("cpx.payouts.retry-after >= 0 and max-payouts-per-run >= 1");
        }
    }
}
