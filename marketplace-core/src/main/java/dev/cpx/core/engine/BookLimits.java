package dev.cpx.core.engine;

/**
 * The limits of one order book.
 *
 * @param maxRestingOrders the most orders that may rest in the book at once; a GTC LIMIT order
 *     arriving at a full book is refused with {@link RejectReason#BOOK_FULL}
 * @param maxPriceTicks the highest accepted price, in ticks (0.01 of the currency)
 * @param maxQuantity the largest accepted order quantity, in whole GPUs
 * @param maxPriceSpanTicks the widest one side of the book may be, from its lowest to its highest
 *     resting price, in ticks; a GTC remainder that would widen its side beyond it is cancelled
 *     with {@link CancelReason#PRICE_SPAN_EXCEEDED}. It bounds the memory of the price ladder.
 */
public record BookLimits(int maxRestingOrders, long maxPriceTicks, long maxQuantity, int maxPriceSpanTicks) {

    /** A hard ceiling on {@link #maxRestingOrders()}, so pools and indexes stay bounded. */
    public static final int MAX_RESTING_ORDERS_CEILING = 10_000_000;
    /** A hard ceiling on {@link #maxPriceSpanTicks()}: a side's ladder never exceeds 4 times it in slots. */
    public static final int MAX_PRICE_SPAN_CEILING = 1 << 24;

    public BookLimits {
        if (maxRestingOrders < 1 || maxRestingOrders > MAX_RESTING_ORDERS_CEILING) {
            throw new IllegalArgumentException("maxRestingOrders must be in 1.." + MAX_RESTING_ORDERS_CEILING);
        }
        if (maxPriceTicks < 1) {
            throw new IllegalArgumentException("maxPriceTicks must be positive");
        }
        if (maxQuantity < 1) {
            throw new IllegalArgumentException("maxQuantity must be positive");
        }
        if (maxPriceSpanTicks < 1 || maxPriceSpanTicks > MAX_PRICE_SPAN_CEILING) {
            throw new IllegalArgumentException("maxPriceSpanTicks must be in 1.." + MAX_PRICE_SPAN_CEILING);
        }
        // Level and side totals sum quantities of resting orders: they must never overflow.
        Math.multiplyExact(maxQuantity, (long) maxRestingOrders);
    }

    /**
     * 100,000 resting orders, prices up to 1,000,000.00, up to 1,000,000 GPUs per order, and each
     * side spanning at most 100,000 ticks (1,000.00) from its lowest to its highest price.
     */
    public static BookLimits defaults() {
        return new BookLimits(100_000, 100_000_000L, 1_000_000L, 100_000);
    }
}
