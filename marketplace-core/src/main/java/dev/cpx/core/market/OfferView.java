package dev.cpx.core.market;

import java.math.BigDecimal;
import java.time.Instant;

/** An open ask as the catalog shows it, priced per GPU-hour and per SCU-hour. */
public record OfferView(String instrument, String computeClass, String region, Instant deliveryStart,
                        Instant deliveryEnd, String provider, long priceTicks, long quantity, BigDecimal scu,
                        BigDecimal pricePerScuHour) {
}
