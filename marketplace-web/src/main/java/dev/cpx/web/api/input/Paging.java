package dev.cpx.web.api.input;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.util.List;

/** Paging parameters of list endpoints: a value outside its documented range is a 400 naming it. */
public final class Paging {

    /** The highest page number any list accepts; no list holds more than this many pages. */
    public static final int MAX_PAGE = 10_000;

    private Paging() {
    }

    public static int within(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, parameter + " must be between " + min + " and " + max,
                    List.of(new FieldError(parameter, "between " + min + " and " + max)));
        }
        return value;
    }
}
