package dev.cpx.core.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A tradable block: one compute class in one region for one delivery window, one hour (daily instruments listed by
 * earlier versions keep their 24 hours).
 */
public record InstrumentView(long id, String symbol, String computeClass, String region, Instant deliveryStart,
                             Instant deliveryEnd, Instant gateClosure, InstrumentStatus status) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** The UTC day this instrument delivers on: pages group an instrument's hours by it. */
    public LocalDate deliveryDay() {
        return LocalDate.ofInstant(deliveryStart, ZoneOffset.UTC);
    }

    /** {@code 14:00–15:00} (UTC): the delivery window within its day, as pages and messages show it. */
    public String deliveryHoursUtc() {
        return hoursUtc(deliveryStart, deliveryEnd);
    }

    /** {@code 14:00–15:00} for any window inside one UTC day (a window ending at midnight ends at 24:00). */
    public static String hoursUtc(Instant start, Instant end) {
        LocalTime from = LocalTime.ofInstant(start, ZoneOffset.UTC);
        LocalTime to = LocalTime.ofInstant(end, ZoneOffset.UTC);
        boolean midnight = to.equals(LocalTime.MIDNIGHT) && end.isAfter(start);
        return HH_MM.format(from) + "–" + (midnight ? "24:00" : HH_MM.format(to));
    }

    public long hours() {
        return Duration.between(deliveryStart, deliveryEnd).toHours();
    }
}
