package dev.cpx.core.engine;

/**
 * The limits of one order book.
 *
 * @param maxRestingOrders the most orders that may rest in the book at once; a GTC LIMIT order
 *     arriving at a full book is refused with {@link RejectReason#BOOK_FULL}
 * @param maxPriceTicks the highest accepted price, in ticks (0.01 of the currency)
 * @param maxQuantity the largest accepted order quantity, in whole GPUs
 */
public record BookLimits(int maxRestingOrders, long maxPriceTicks, long maxQuantity) {

    /** A hard ceiling on {@link #maxRestingOrders()}, so pools and indexes stay bounded. */
    public static final int MAX_RESTING_ORDERS_CEILING = 10_000_000;

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
        // Level and side totals sum quantities of resting orders: they must never overflow.
        Math.multiplyExact(maxQuantity, (long) maxRestingOrders);
    }

    /** 100,000 resting orders, prices up to 100,000,000.00, up to 1,000,000 GPUs per order. */
    public static BookLimits defaults() {
        return new BookLimits(100_000, 10_000_000_000L, 1_000_000L);
    }
}
