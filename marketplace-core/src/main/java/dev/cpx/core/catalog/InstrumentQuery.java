package dev.cpx.core.catalog;

import java.time.Instant;

/**
 * A filter over instruments; null fields do not filter. {@code from}/{@code to} bound the delivery
 * window: instruments whose delivery starts at or after {@code from} and before {@code to}. {@code minMemoryGb} keeps
 * the classes with at least that much memory per GPU; {@code offeredOnly} the instruments with an open ask.
 */
public record InstrumentQuery(String computeClass, String region, InstrumentStatus status, Instant from, Instant to,
                              Integer minMemoryGb, boolean offeredOnly, int offset, int limit) {

    public static final int MAX_LIMIT = 2000;
    public static final int MAX_OFFSET = 100_000;

    public InstrumentQuery {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be 0-" + MAX_OFFSET);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
        if (minMemoryGb != null && minMemoryGb < 1) {
            throw new IllegalArgumentException("minMemoryGb must be positive");
        }
    }

    /** Without the memory and offer filters. */
    public InstrumentQuery(String computeClass, String region, InstrumentStatus status, Instant from, Instant to,
                           int offset, int limit) {
        this(computeClass, region, status, from, to, null, false, offset, limit);
    }
}
