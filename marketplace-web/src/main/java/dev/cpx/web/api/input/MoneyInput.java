package dev.cpx.web.api.input;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.util.List;

/** An optional amount in a request body: a decimal string, or null for none; anything else is a 400 naming the field. */
public final class MoneyInput {

    private MoneyInput() {
    }

    public static Long optionalMinor(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Money.parseMinor(text);
        } catch (Money.InvalidAmountException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " " + e.getMessage(),
                    List.of(new CpxException.FieldError(field, e.getMessage())));
        }
    }
}
