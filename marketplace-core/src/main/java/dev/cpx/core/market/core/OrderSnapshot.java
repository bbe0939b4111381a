package dev.cpx.core.market.core;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import java.util.List;

/**
 * An order as a command left it: the row the journal writer stores and the answer its owner gets.
 * {@code quantity == filled + remaining + cancelled} always. {@code cancelReason} is null unless the market itself
 * cancelled the order ({@code capacity-lost}: the provider's live capacity no longer covers it).
 */
public record OrderSnapshot(long id, long organizationId, String clientOrderId, String fingerprint,
                            CoreInstrument instrument, Side side, OrderType type, TimeInForce timeInForce,
                            Long priceTicks, long quantity, long remaining, long filled, long filledValueTicks,
                            long cancelled, OrderStatus status, long holdPriceTicks, long holdMinor, long priority,
                            int amendments, long createdAtMillis, List<Fill> fills, String cancelReason,
                            String project) {

    /** One trade of the order, with the contract it made. */
    public record Fill(long tradeId, long priceTicks, long quantity, long contractId) {
    }
}
