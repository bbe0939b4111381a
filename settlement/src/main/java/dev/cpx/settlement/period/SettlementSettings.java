package dev.cpx.settlement.period;

import dev.cpx.settlement.rating.RatingRules;
import java.time.Duration;

/**
 * The configuration a new period records when it opens: its currency and its rating rules (tolerances, provider
 * fee). Periods already open keep what they recorded. {@code disputeWindow}: how long after a period's close its
 * discrepancies may still be disputed (read when a dispute is opened).
 */
public record SettlementSettings(String currency, RatingRules rules, Duration disputeWindow) {

    public static final Duration MAX_DISPUTE_WINDOW = Duration.ofDays(366);

    public SettlementSettings {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be three capital letters, such as USD");
        }
        if (rules == null) {
            throw new IllegalArgumentException("rules are required");
        }
        if (disputeWindow == null || disputeWindow.isNegative() || disputeWindow.compareTo(MAX_DISPUTE_WINDOW) > 0) {
            throw new IllegalArgumentException("the dispute window is between 0 and " + MAX_DISPUTE_WINDOW.toDays()
                    + " days, not " + disputeWindow);
        }
    }
}
