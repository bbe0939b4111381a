package dev.cpx.core.market.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of orders, trades and contracts, handed out in memory so a command needs no round trip to learn them.
 * Only the sequencers insert these rows; the counters start after the largest id in the database, so a
 * restart after a crash never reuses one. (A deployment with several market owners would reserve id blocks.)
 */
final class MarketIds {

    private final AtomicLong orders;
    private final AtomicLong trades;
    private final AtomicLong contracts;

    MarketIds(long maxOrderId, long maxTradeId, long maxContractId) {
        this.orders = new AtomicLong(maxOrderId);
        this.trades = new AtomicLong(maxTradeId);
        this.contracts = new AtomicLong(maxContractId);
    }

    long nextOrder() {
        return orders.incrementAndGet();
    }

    long nextTrade() {
        return trades.incrementAndGet();
    }

    long nextContract() {
        return contracts.incrementAndGet();
    }
}
