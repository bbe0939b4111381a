package dev.cpx.core.catalog;

import java.time.Duration;

/**
 * How the market calendar lists instruments: one delivery hour (UTC) for every class and region, to the end of the
 * UTC day {@code horizonDays - 1} days after today, trading closing {@code gateClosure} before delivery starts.
 */
public record MarketCalendarSettings(int horizonDays, Duration gateClosure) {

    public MarketCalendarSettings {
        if (horizonDays < 1 || horizonDays > 90) {
            throw new IllegalArgumentException("horizonDays must be 1-90");
        }
        if (gateClosure.isNegative() || gateClosure.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("gateClosure must be 0-24 hours");
        }
    }
}
