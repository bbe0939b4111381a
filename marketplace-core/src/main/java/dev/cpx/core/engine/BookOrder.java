package dev.cpx.core.engine;

/** A resting order: pooled, mutable, linked into its price level's FIFO queue. */
final class BookOrder {

    long orderId;
    long owner;
    Side side;
    long priceTicks;
    long remainingQuantity;
    PriceLevel level;
    BookOrder prev;
    BookOrder next;

    void clear() {
        level = null;
        prev = null;
        next = null;
        side = null;
    }
}
