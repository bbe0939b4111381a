package dev.cpx.web.api.catalog;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads the {@code from}/{@code to} query bounds of the API: a date (its start, UTC), a delivery hour as symbols
 * name it ({@code 2026-12-01T14}, UTC) or an ISO-8601 instant.
 */
public final class DeliveryInstants {

    private DeliveryInstants() {
    }

    /** Null for an absent value; a 400 problem naming the field for an unreadable one. */
    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return switch (value.length()) {
                case 10 -> LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                case 13 -> LocalDateTime.parse(value + ":00").toInstant(ZoneOffset.UTC);
                default -> Instant.parse(value);
            };
        } catch (DateTimeParseException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be a date (2026-12-01), an hour "
                    + "(2026-12-01T14) or an instant (2026-12-01T14:00:00Z)",
                    List.of(new FieldError(field, "not a date, hour or instant")));
        }
    }
}
