package dev.cpx.core.engine;

import java.util.Arrays;

/**
 * The price levels of one side of a book in a price ladder: a window of slots indexed by price
 * minus a base price, with a bitset of occupied slots. Finding, adding and removing a level is
 * O(1); the best level is tracked, and the next level towards worse prices is found by scanning
 * the bitset 64 prices at a time. The window moves or doubles when a price falls outside it, up
 * to {@link BookLimits#maxPriceSpanTicks()} between the lowest and highest level, so memory stays
 * bounded whatever prices arrive.
 */
final class BookSide {

    /** Small at first: a market holds tens of thousands of books (one per delivery hour), most nearly empty. */
    private static final int INITIAL_SLOTS = 1 << 6;

    final Side side;
    private final long maxSpanTicks;
    private final int maxSlots;
    private PriceLevel[] slots = new PriceLevel[INITIAL_SLOTS];
    private long[] occupied = new long[INITIAL_SLOTS >>> 6];
    private long baseTicks;
    private int lowIndex = -1;
    private int highIndex = -1;
    private int levelCount;
    int orderCount;
    long totalQuantity;

    BookSide(Side side, long maxSpanTicks) {
        this.side = side;
        this.maxSpanTicks = maxSpanTicks;
        this.maxSlots = Math.max(INITIAL_SLOTS, Integer.highestOneBit((int) maxSpanTicks - 1) << 2);
    }

    /** The best level, or null when the side is empty. */
    PriceLevel best() {
        return levelCount == 0 ? null : slots[side == Side.BUY ? highIndex : lowIndex];
    }

    /** The next level after this one towards worse prices, or null. */
    PriceLevel worse(PriceLevel level) {
        int index = (int) (level.priceTicks - baseTicks);
        int next = side == Side.BUY ? previousOccupied(index - 1) : nextOccupied(index + 1);
        return next < 0 ? null : slots[next];
    }

    int levelCount() {
        return levelCount;
    }

    /** The level at this price, or null. */
    PriceLevel find(long priceTicks) {
        long offset = priceTicks - baseTicks;
        return offset >= 0 && offset < slots.length ? slots[(int) offset] : null;
    }

    /** True when a level at this price keeps the side within its price span. */
    boolean canHold(long priceTicks) {
        if (levelCount == 0) {
            return true;
        }
        long low = Math.min(baseTicks + lowIndex, priceTicks);
        long high = Math.max(baseTicks + highIndex, priceTicks);
        return high - low < maxSpanTicks;
    }

    /** Adds an empty level for a price that has none; the caller checked {@link #canHold}. */
    void insert(PriceLevel level) {
        if (!canHold(level.priceTicks)) {
            throw new IllegalStateException("level at " + level.priceTicks + " exceeds the price span");
        }
        fitWindow(level.priceTicks);
        int index = (int) (level.priceTicks - baseTicks);
        if (slots[index] != null) {
            throw new IllegalStateException("level exists at " + level.priceTicks);
        }
        slots[index] = level;
        occupied[index >>> 6] |= 1L << index;
        if (levelCount == 0) {
            lowIndex = index;
            highIndex = index;
        } else {
            lowIndex = Math.min(lowIndex, index);
            highIndex = Math.max(highIndex, index);
        }
        levelCount++;
    }

    /** Removes an empty level. */
    void remove(PriceLevel level) {
        int index = (int) (level.priceTicks - baseTicks);
        if (slots[index] != level) {
            throw new IllegalStateException("level not in side at " + level.priceTicks);
        }
        slots[index] = null;
        occupied[index >>> 6] &= ~(1L << index);
        levelCount--;
        if (levelCount == 0) {
            lowIndex = -1;
            highIndex = -1;
        } else if (index == lowIndex) {
            lowIndex = nextOccupied(index + 1);
        } else if (index == highIndex) {
            highIndex = previousOccupied(index - 1);
        }
    }

    /** True when a level at {@code levelPriceTicks} on this side trades with a taker limited to {@code takerLimitTicks}. */
    boolean isReachedBy(long levelPriceTicks, long takerLimitTicks) {
        return side == Side.SELL ? levelPriceTicks <= takerLimitTicks : levelPriceTicks >= takerLimitTicks;
    }

    private int nextOccupied(int from) {
        if (from >= slots.length) {
            return -1;
        }
        int wordIndex = from >>> 6;
        long word = occupied[wordIndex] & (-1L << from);
        while (word == 0) {
            if (++wordIndex == occupied.length) {
                return -1;
            }
            word = occupied[wordIndex];
        }
        return (wordIndex << 6) + Long.numberOfTrailingZeros(word);
    }

    private int previousOccupied(int from) {
        if (from < 0) {
            return -1;
        }
        int wordIndex = from >>> 6;
        long word = occupied[wordIndex] & (-1L >>> (63 - (from & 63)));
        while (word == 0) {
            if (--wordIndex < 0) {
                return -1;
            }
            word = occupied[wordIndex];
        }
        return (wordIndex << 6) + 63 - Long.numberOfLeadingZeros(word);
    }

    /** Moves or grows the window so that it covers the price; allocates only when it grows. */
    private void fitWindow(long priceTicks) {
        long offset = priceTicks - baseTicks;
        if (levelCount == 0) {
            baseTicks = priceTicks - slots.length / 2;
            return;
        }
        if (offset >= 0 && offset < slots.length) {
            return;
        }
        long low = Math.min(baseTicks + lowIndex, priceTicks);
        long span = Math.max(baseTicks + highIndex, priceTicks) - low + 1;
        int capacity = slots.length;
        while (capacity < 2 * span && capacity < maxSlots) {
            capacity <<= 1;
        }
        long newBaseTicks = low - (capacity - span) / 2;
        if (capacity == slots.length) {
            shiftInPlace((int) (baseTicks - newBaseTicks));
        } else {
            copyInto(capacity, (int) (baseTicks - newBaseTicks));
        }
        baseTicks = newBaseTicks;
    }

    private void shiftInPlace(int shift) {
        int oldLow = lowIndex;
        int oldHigh = highIndex;
        System.arraycopy(slots, oldLow, slots, oldLow + shift, oldHigh - oldLow + 1);
        if (shift > 0) {
            Arrays.fill(slots, oldLow, Math.min(oldLow + shift, slots.length), null);
        } else {
            Arrays.fill(slots, Math.max(oldHigh + shift + 1, 0), oldHigh + 1, null);
        }
        lowIndex = oldLow + shift;
        highIndex = oldHigh + shift;
        Arrays.fill(occupied, 0);
        markOccupied();
    }

    private void copyInto(int capacity, int shift) {
        PriceLevel[] grown = new PriceLevel[capacity];
        System.arraycopy(slots, lowIndex, grown, lowIndex + shift, highIndex - lowIndex + 1);
        slots = grown;
        occupied = new long[capacity >>> 6];
        lowIndex += shift;
        highIndex += shift;
        markOccupied();
    }

    private void markOccupied() {
        for (int i = lowIndex; i <= highIndex; i++) {
            if (slots[i] != null) {
                occupied[i >>> 6] |= 1L << i;
            }
        }
    }

    /** Checks the ladder, the per-level FIFO queues and the per-side totals; returns the orders seen. */
    int validate() {
        int marked = 0;
        for (long word : occupied) {
            marked += Long.bitCount(word);
        }
        check(marked == levelCount, "side marks " + marked + " slots for " + levelCount + " levels");
        check(levelCount == 0 || (slots[lowIndex] != null && slots[highIndex] != null), "low/high marks not on levels");
        check(levelCount == 0 || highIndex - lowIndex < maxSpanTicks, "side wider than its price span");
        int levels = 0;
        int orders = 0;
        long quantity = 0;
        for (int i = Math.max(lowIndex, 0); i <= highIndex; i++) {
            PriceLevel level = slots[i];
            check(((occupied[i >>> 6] & (1L << i)) != 0) == (level != null), "occupancy bit wrong at slot", i);
            if (level != null) {
                check(level.priceTicks == baseTicks + i, "level in the wrong slot at", level.priceTicks);
                check(!level.isEmpty(), "empty level kept at", level.priceTicks);
                validateLevel(level);
                levels++;
                orders += level.orderCount;
                quantity += level.totalQuantity;
            }
        }
        check(levels == levelCount, "side level count " + levelCount + " != " + levels);
        check(orders == orderCount, "side order count " + orderCount + " != " + orders);
        check(quantity == totalQuantity, "side quantity " + totalQuantity + " != " + quantity);
        return orders;
    }

    private void validateLevel(PriceLevel level) {
        int count = 0;
        long quantity = 0;
        BookOrder previous = null;
        for (BookOrder order = level.head; order != null; order = order.next) {
            check(order.level == level, "order points at another level:", order.orderId);
            check(order.prev == previous, "broken back link at order", order.orderId);
            check(order.side == side, "order on the wrong side:", order.orderId);
            check(order.priceTicks == level.priceTicks, "order at the wrong price:", order.orderId);
            check(order.remainingQuantity > 0, "order rests with nothing left:", order.orderId);
            count++;
            quantity += order.remainingQuantity;
            previous = order;
        }
        check(level.tail == previous, "tail is not the last order at", level.priceTicks);
        check(count == level.orderCount, "level order count wrong at", level.priceTicks);
        check(quantity == level.totalQuantity, "level quantity wrong at", level.priceTicks);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("order book invariant broken: " + message);
        }
    }

    /** Like {@link #check(boolean, String)}, building the message only when the check fails. */
    static void check(boolean condition, String message, long value) {
        if (!condition) {
            throw new IllegalStateException("order book invariant broken: " + message + " " + value);
        }
    }
}
