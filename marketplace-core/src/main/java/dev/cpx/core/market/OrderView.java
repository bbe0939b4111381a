package dev.cpx.core.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.core.MarketCore;
import java.time.Instant;
import java.util.List;

/**
 * An order with its fills. {@code filledValueTicks} is the sum of price x quantity of its trades; {@code cancelReason}
 * is null unless the market itself cancelled the order ({@link #CAPACITY_LOST}, {@link #SELF_TRADE}).
 */
public record OrderView(long orderId, String clientOrderId, String instrument, Side side, OrderType type,
                        TimeInForce timeInForce, Long priceTicks, long quantity, long filledQuantity,
                        long remainingQuantity, long filledValueTicks, OrderStatus status, Instant createdAt,
                        List<Fill> trades, String cancelReason, String project) {

    /** Cancelled by the market: the provider's live capacity no longer covers the ask. */
    public static final String CAPACITY_LOST = MarketCore.CAPACITY_LOST;
    /** Cancelled by the market: the order would have traded with its own organization's resting order. */
    public static final String SELF_TRADE = MarketCore.SELF_TRADE;

    /** One trade of the order. */
    public record Fill(long tradeId, long priceTicks, long quantity, long contractId) {
    }
}
