package dev.cpx.core.market;

/**
 * The market's knobs: sequencer partitions (instruments are spread over them, one writer each), commands
 * committed together, the queue bound, the buyer's fee and the engine's order limits.
 */
public record MarketSettings(int partitions, int maxBatch, int queueCapacity, int buyerFeeBasisPoints,
                             long maxQuantity, long maxPriceTicks, int maxRestingOrdersPerBook) {

    public MarketSettings {
        if (partitions < 1 || partitions > 64) {
            throw new IllegalArgumentException("partitions must be 1-64");
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("maxBatch must be 1-1000");
        }
        if (queueCapacity < maxBatch) {
            throw new IllegalArgumentException("queueCapacity must be at least maxBatch");
        }
        if (buyerFeeBasisPoints < 0 || buyerFeeBasisPoints > 1000) {
            throw new IllegalArgumentException("buyerFeeBasisPoints must be 0-1000");
        }
    }
}
