package dev.cpx.core.market.internal;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.OrderStatus;

/**
 * The sequencer's working copy of an order while a command touches it or while it rests: what matching
 * changes and what its hold is. Written back to its row at the end of the command when {@link #dirty}.
 */
final class LiveOrder {

    final long id;
    final long organizationId;
    final long instrumentId;
    final Side side;
    Long priceTicks;
    long holdPriceTicks;
    long remaining;
    long filled;
    long filledValueTicks;
    long holdMinor;
    long priority;
    int amendments;
    OrderStatus status;
    boolean dirty;

    LiveOrder(long id, long organizationId, long instrumentId, Side side, Long priceTicks, long holdPriceTicks,
              long remaining, long filled, long filledValueTicks, long holdMinor, long priority, int amendments,
              OrderStatus status) {
        this.id = id;
        this.organizationId = organizationId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.priceTicks = priceTicks;
        this.holdPriceTicks = holdPriceTicks;
        this.remaining = remaining;
        this.filled = filled;
        this.filledValueTicks = filledValueTicks;
        this.holdMinor = holdMinor;
        this.priority = priority;
        this.amendments = amendments;
        this.status = status;
    }
}
