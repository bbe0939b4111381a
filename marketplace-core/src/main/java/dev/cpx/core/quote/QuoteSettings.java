package dev.cpx.core.quote;

import java.time.Duration;

/**
 * How long a quote can be accepted, how many class-region-start candidates one quote may price, how many it lists,
 * how many feasible ones it keeps to fall back on, and how often each instance re-reads the listed instruments.
 */
public record QuoteSettings(Duration ttl, int maxCandidates, int maxListed, int maxFallbacks,
                            Duration calendarRefresh) {

    public QuoteSettings {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("a quote lives more than 0 and at most 1 hour");
        }
        if (maxCandidates < 1 || maxListed < 1 || maxFallbacks < 1 || maxFallbacks > maxListed) {
            throw new IllegalArgumentException("maxCandidates, maxListed and maxFallbacks must be positive, "
                    + "maxFallbacks at most maxListed");
        }
    }
}
