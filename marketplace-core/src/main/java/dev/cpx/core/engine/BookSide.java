package dev.cpx.core.engine;

import java.util.Arrays;

/**
 * The price levels of one side of a book, kept sorted in an array with the best level last, so
 * the best level is read, added and removed in O(1) and other levels are found by binary search.
 * Keys are the price for bids and the negated price for asks, so both sides sort ascending.
 */
final class BookSide {

    private static final int INITIAL_LEVELS = 64;

    final Side side;
    private final int maxLevels;
    private long[] keys = new long[INITIAL_LEVELS];
    private PriceLevel[] levels = new PriceLevel[INITIAL_LEVELS];
    private int levelCount;
    int orderCount;
    long totalQuantity;

    BookSide(Side side, int maxLevels) {
        this.side = side;
        this.maxLevels = maxLevels;
    }

    /** The best level, or null when the side is empty. */
    PriceLevel best() {
        return levelCount == 0 ? null : levels[levelCount - 1];
    }

    int levelCount() {
        return levelCount;
    }

    /** The level at rank {@code rank} from the best (0 = best). */
    PriceLevel levelFromBest(int rank) {
        return levels[levelCount - 1 - rank];
    }

    /** The level at this price, or null. */
    PriceLevel find(long priceTicks) {
        int index = indexOf(key(priceTicks));
        return index >= 0 ? levels[index] : null;
    }

    /** Inserts an empty level for a price that has none. */
    void insert(PriceLevel level) {
        long key = key(level.priceTicks);
        int index = indexOf(key);
        if (index >= 0) {
            throw new IllegalStateException("level exists at " + level.priceTicks);
        }
        int at = -index - 1;
        if (levelCount == keys.length) {
            grow();
        }
        System.arraycopy(keys, at, keys, at + 1, levelCount - at);
        System.arraycopy(levels, at, levels, at + 1, levelCount - at);
        keys[at] = key;
        levels[at] = level;
        levelCount++;
    }

    /** Removes an empty level. */
    void remove(PriceLevel level) {
        int last = levelCount - 1;
        int index = levels[last] == level ? last : indexOf(key(level.priceTicks));
        if (index < 0 || levels[index] != level) {
            throw new IllegalStateException("level not in side at " + level.priceTicks);
        }
        System.arraycopy(keys, index + 1, keys, index, last - index);
        System.arraycopy(levels, index + 1, levels, index, last - index);
        levels[last] = null;
        levelCount = last;
    }

    /** True when a price on this side is at least as good as {@code priceTicks} (the level would be reached by it). */
    boolean isReachedBy(long levelPriceTicks, long takerLimitTicks) {
        return side == Side.SELL ? levelPriceTicks <= takerLimitTicks : levelPriceTicks >= takerLimitTicks;
    }

    private long key(long priceTicks) {
        return side == Side.BUY ? priceTicks : -priceTicks;
    }

    private int indexOf(long key) {
        return Arrays.binarySearch(keys, 0, levelCount, key);
    }

    private void grow() {
        int capacity = Math.min(keys.length * 2, maxLevels);
        if (capacity <= keys.length) {
            throw new IllegalStateException("more than " + maxLevels + " price levels");
        }
        keys = Arrays.copyOf(keys, capacity);
        levels = Arrays.copyOf(levels, capacity);
    }

    /** Checks the sort order and the per-level and per-side totals; returns the orders seen. */
    int validate() {
        int orders = 0;
        long quantity = 0;
        for (int i = 0; i < levelCount; i++) {
            PriceLevel level = levels[i];
            check(keys[i] == key(level.priceTicks), "key does not match level price");
            check(i == 0 || keys[i - 1] < keys[i], "levels not strictly sorted");
            check(!level.isEmpty(), "empty level kept at " + level.priceTicks);
            validateLevel(level);
            orders += level.orderCount;
            quantity += level.totalQuantity;
        }
        for (int i = levelCount; i < levels.length; i++) {
            check(levels[i] == null, "stale level reference past the end");
        }
        check(orders == orderCount, "side order count " + orderCount + " != " + orders);
        check(quantity == totalQuantity, "side quantity " + totalQuantity + " != " + quantity);
        return orders;
    }

    private void validateLevel(PriceLevel level) {
        int count = 0;
        long quantity = 0;
        BookOrder previous = null;
        for (BookOrder order = level.head; order != null; order = order.next) {
            check(order.level == level, "order " + order.orderId + " points at another level");
            check(order.prev == previous, "broken back link at order " + order.orderId);
            check(order.side == side, "order " + order.orderId + " on the wrong side");
            check(order.priceTicks == level.priceTicks, "order " + order.orderId + " at the wrong price");
            check(order.remainingQuantity > 0, "order " + order.orderId + " rests with nothing left");
            count++;
            quantity += order.remainingQuantity;
            previous = order;
        }
        check(level.tail == previous, "tail is not the last order at " + level.priceTicks);
        check(count == level.orderCount, "level order count wrong at " + level.priceTicks);
        check(quantity == level.totalQuantity, "level quantity wrong at " + level.priceTicks);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("order book invariant broken: " + message);
        }
    }
}
