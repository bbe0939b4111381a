package dev.cpx.web.portal;

import dev.cpx.core.money.Money;
import org.springframework.validation.BindingResult;

/** An optional amount in a portal form: blank for none, else an amount such as 2,500.00 (grouping commas allowed). */
public final class FormAmounts {

    private FormAmounts() {
    }

    /** The amount in minor units, or null when blank or unreadable (then {@code message} is the field's error). */
    public static Long optionalMinor(String text, String field, BindingResult errors, String message) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Money.parseMinor(text.strip().replace(",", ""));
        } catch (Money.InvalidAmountException e) {
            errors.rejectValue(field, "amount", message);
            return null;
        }
    }
}
