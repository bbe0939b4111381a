package dev.cpx.core.market.internal;

import java.time.Duration;
import java.time.Instant;

/** What the sequencer needs to know of an instrument. */
record InstrumentInfo(long id, String symbol, String computeClass, String region, Instant deliveryStart,
                      Instant deliveryEnd, Instant gateClosure) {

    long hours() {
        return Duration.between(deliveryStart, deliveryEnd).toHours();
    }

    boolean openAt(Instant now) {
        return now.isBefore(gateClosure);
    }
}
