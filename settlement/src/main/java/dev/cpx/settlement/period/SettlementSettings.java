package dev.cpx.settlement.period;

import dev.cpx.settlement.rating.RatingRules;

/**
 * The configuration a new period records when it opens: its currency and its rating rules (tolerances, provider
 * fee). Periods already open keep what they recorded.
 */
public record SettlementSettings(String currency, RatingRules rules) {

    public SettlementSettings {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be three capital letters, such as USD");
        }
        if (rules == null) {
            throw new IllegalArgumentException("rules are required");
        }
    }
}
