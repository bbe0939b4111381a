package dev.cpx.web.api.input;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException.FieldError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says which field of a JSON body was unreadable and what it should have been, without quoting what was sent
 * (names are shortened to printable ASCII: a body may carry anything).
 */
public final class JsonInputErrors {

    private static final int MAX_KNOWN_LISTED = 12;

    private JsonInputErrors() {
    }

    /** The field error for a failure of reading a body, if Jackson's exception is among its causes. */
    public static Optional<FieldError> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return Optional.of(describe(jackson));
            }
        }
        return Optional.empty();
    }

    private static FieldError describe(JacksonException failure) {
        String field = path(failure);
        return switch (failure) {
            case UnrecognizedPropertyException unknown -> new FieldError(field, "is not a property of this request; "
                    + "known: " + known(unknown.getKnownPropertyIds()));
            case InputCoercionException range -> new FieldError(field, "is out of range");
            case MismatchedInputException mismatch -> new FieldError(field, "must be " + expected(mismatch.getTargetType()));
            case StreamReadException read when String.valueOf(read.getOriginalMessage()).startsWith("Duplicate") ->
                    new FieldError(field.isEmpty() ? "body" : field, "a property appears twice");
            default -> new FieldError(field.isEmpty() ? "body" : field, "is not valid JSON of the expected shape");
        };
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the documented JSON type";
        }
        if (type == String.class) {
            return "a JSON string (money as a decimal string such as \"2.50\")";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a JSON integer";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class) {
            return "a JSON number";
        }
        if (type == Instant.class) {
            return "an ISO-8601 UTC instant string such as \"2026-12-01T00:00:00Z\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String path(JacksonException failure) {
        var path = new StringBuilder();
        for (var reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(printable(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String known(Collection<Object> names) {
        if (names == null || names.isEmpty()) {
            return "none";
        }
        return names.stream().limit(MAX_KNOWN_LISTED).map(String::valueOf).sorted().toList().toString();
    }

    private static String printable(String name) {
        String quoted = Money.quote(name);
        return quoted.substring(1, quoted.length() - 1);
    }
}
