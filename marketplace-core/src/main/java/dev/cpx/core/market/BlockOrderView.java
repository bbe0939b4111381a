package dev.cpx.core.market;

import java.time.Instant;
import java.util.List;

/**
 * A block's children in delivery order; {@code valueMinor} is what its fills cost (fees excluded) and
 * {@code filledGpuHours} the GPU-hours they bought or sold.
 */
public record BlockOrderView(String clientOrderId, Instant start, Instant end, List<OrderView> orders,
                             long valueMinor, long filledGpuHours) {
}
