package dev.cpx.core.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import java.time.Instant;
import java.util.List;

/**
 * An order with its fills. {@code filledValueTicks} is the sum of price x quantity of its trades; {@code cancelReason}
 * is null unless the market itself cancelled the order ({@code capacity-lost}).
 */
public record OrderView(long orderId, String clientOrderId, String instrument, Side side, OrderType type,
                        TimeInForce timeInForce, Long priceTicks, long quantity, long filledQuantity,
                        long remainingQuantity, long filledValueTicks, OrderStatus status, Instant createdAt,
                        List<Fill> trades, String cancelReason, String project) {

    /** One trade of the order. */
    public record Fill(long tradeId, long priceTicks, long quantity, long contractId) {
    }
}
