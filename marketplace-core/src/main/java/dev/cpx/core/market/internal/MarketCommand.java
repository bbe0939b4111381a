package dev.cpx.core.market.internal;

import dev.cpx.core.market.PlaceOrder;

/** What a sequencer executes, one at a time, in arrival order. */
public sealed interface MarketCommand {

    record Place(PlaceOrder order, long instrumentId) implements MarketCommand {
    }

    record Cancel(long organizationId, long orderId) implements MarketCommand {
    }

    /** {@code priceTicks} and {@code remainingQuantity} are null when unchanged. */
    record Amend(long organizationId, long orderId, Long priceTicks, Long remainingQuantity) implements MarketCommand {
    }

    /** The instrument's gate closed: its open orders expire and release their holds. */
    record Expire(long instrumentId) implements MarketCommand {
    }
}
