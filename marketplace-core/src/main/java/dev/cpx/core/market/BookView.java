package dev.cpx.core.market;

import java.util.List;

/** Aggregated depth of one instrument's book: bids best (highest) first, asks best (lowest) first. */
public record BookView(String symbol, List<Level> bids, List<Level> asks, Long lastPriceTicks) {

    public static BookView empty(String symbol, Long lastPriceTicks) {
        return new BookView(symbol, List.of(), List.of(), lastPriceTicks);
    }

    public Long bestBidTicks() {
        return bids.isEmpty() ? null : bids.getFirst().priceTicks();
    }

    public Long bestAskTicks() {
        return asks.isEmpty() ? null : asks.getFirst().priceTicks();
    }

    /** One price level. */
    public record Level(long priceTicks, long quantity, int orderCount) {
    }
}
