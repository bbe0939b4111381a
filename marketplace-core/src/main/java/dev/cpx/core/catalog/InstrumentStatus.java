package dev.cpx.core.catalog;

import java.time.Instant;

/** Where an instrument is in its life, derived from the market clock so it can never be stale. */
public enum InstrumentStatus {
    OPEN,
    CLOSED,
    DELIVERING,
    DELIVERED;

    public static InstrumentStatus at(Instant now, Instant gateClosure, Instant deliveryStart, Instant deliveryEnd) {
        if (now.isBefore(gateClosure)) {
            return OPEN;
        }
        if (now.isBefore(deliveryStart)) {
            return CLOSED;
        }
        return now.isBefore(deliveryEnd) ? DELIVERING : DELIVERED;
    }
}
