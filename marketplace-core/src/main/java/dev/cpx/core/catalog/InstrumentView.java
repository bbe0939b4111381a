package dev.cpx.core.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A tradable block: one compute class in one region for one delivery window. */
public record InstrumentView(long id, String symbol, String computeClass, String region, Instant deliveryStart,
                             Instant deliveryEnd, Instant gateClosure, InstrumentStatus status) {

    /** The UTC day this instrument delivers on. */
    public LocalDate deliveryDay() {
        return LocalDate.ofInstant(deliveryStart, ZoneOffset.UTC);
    }

    public long hours() {
        return Duration.between(deliveryStart, deliveryEnd).toHours();
    }
}
