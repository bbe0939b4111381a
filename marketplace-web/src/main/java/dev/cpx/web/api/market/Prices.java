package dev.cpx.web.api.market;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.util.List;

/** Reads a decimal money string of the API: off the 0.01 tick is 422 invalid-price, not a number is 400. */
public final class Prices {

    private Prices() {
    }

    public static long parse(String text, String field) {
        try {
            return Money.parseMinor(text);
        } catch (Money.InvalidAmountException e) {
            ErrorCode code = e.offTick() ? ErrorCode.INVALID_PRICE : ErrorCode.VALIDATION_FAILED;
            throw new CpxException(code, field + " " + e.getMessage(), List.of(new FieldError(field, e.getMessage())));
        }
    }
}
