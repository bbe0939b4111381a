package dev.cpx.core.engine;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one book holds: both sides' price levels, the index of resting orders by id and the pools
 * their objects come from. Keeps the levels, sides, index and pools in step; knows nothing of
 * matching rules.
 */
final class BookContents {

    private final BookLimits limits;
    final BookSide bids;
    final BookSide asks;
    private final Long2ObjectOpenHashMap<BookOrder> ordersById;
    private final ObjectPool<BookOrder> orderPool;
    private final ObjectPool<PriceLevel> levelPool;

    BookContents(BookLimits limits) {
        this.limits = limits;
        this.bids = new BookSide(Side.BUY, limits.maxPriceSpanTicks());
        this.asks = new BookSide(Side.SELL, limits.maxPriceSpanTicks());
        // Grows with the book: most of a market's tens of thousands of books hold a handful of orders.
        this.ordersById = new Long2ObjectOpenHashMap<>(Math.min(limits.maxRestingOrders(), 16));
        this.orderPool = new ObjectPool<>(BookOrder::new, limits.maxRestingOrders());
        this.levelPool = new ObjectPool<>(PriceLevel::new, limits.maxRestingOrders());
    }

    /** The resting order with this id, or null. */
    BookOrder order(long orderId) {
        return ordersById.get(orderId);
    }

    BookSide side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    BookOrder newOrder(long orderId, long owner, Side side, long priceTicks, long quantity) {
        BookOrder order = orderPool.take();
        order.orderId = orderId;
        order.owner = owner;
        order.side = side;
        order.priceTicks = priceTicks;
        order.remainingQuantity = quantity;
        return order;
    }

    /** Appends the order at the back of its price level's queue and indexes it. */
    void rest(BookOrder order) {
        BookSide bookSide = side(order.side);
        PriceLevel level = bookSide.find(order.priceTicks);
        if (level == null) {
            level = levelPool.take();
            level.priceTicks = order.priceTicks;
            bookSide.insert(level);
        }
        level.append(order);
        bookSide.orderCount++;
        bookSide.totalQuantity += order.remainingQuantity;
        ordersById.put(order.orderId, order);
    }

    /** Takes a resting order out of its level, side and index; the order object stays the caller's. */
    void unrest(BookOrder order) {
        BookSide bookSide = side(order.side);
        PriceLevel level = order.level;
        level.totalQuantity -= order.remainingQuantity;
        level.unlink(order);
        bookSide.orderCount--;
        bookSide.totalQuantity -= order.remainingQuantity;
        ordersById.remove(order.orderId);
        if (level.isEmpty()) {
            bookSide.remove(level);
            releaseLevel(level);
        }
        order.level = null;
        order.prev = null;
        order.next = null;
    }

    void reduceInPlace(BookOrder order, long newRemainingQuantity) {
        long reducedBy = order.remainingQuantity - newRemainingQuantity;
        order.remainingQuantity = newRemainingQuantity;
        order.level.totalQuantity -= reducedBy;
        side(order.side).totalQuantity -= reducedBy;
    }

    void releaseOrder(BookOrder order) {
        order.clear();
        orderPool.release(order);
    }

    void releaseLevel(PriceLevel level) {
        level.clear();
        levelPool.release(level);
    }

    /** Takes a maker whose remaining quantity reached zero out of its level, side and index. */
    void removeFilled(BookSide makers, PriceLevel level, BookOrder maker) {
        level.unlink(maker);
        makers.orderCount--;
        ordersById.remove(maker.orderId);
        releaseOrder(maker);
    }

    /** Drops a level that matching emptied. */
    void removeEmptyLevel(BookSide bookSide, PriceLevel level) {
        bookSide.remove(level);
        releaseLevel(level);
    }

    int restingOrderCount() {
        return ordersById.size();
    }

    int restingOrderCount(Side side) {
        return side(side).orderCount;
    }

    long restingQuantity(Side side) {
        return side(side).totalQuantity;
    }

    int levelCount(Side side) {
        return side(side).levelCount();
    }

    Optional<RestingOrder> restingOrder(long orderId) {
        BookOrder order = ordersById.get(orderId);
        return order == null ? Optional.empty() : Optional.of(view(order));
    }

    /** Up to {@code maxLevels} aggregated levels of one side, best first (bids descending, asks ascending). */
    List<PriceLevelView> depth(Side side, int maxLevels) {
        BookSide bookSide = side(side);
        int count = Math.min(Math.max(maxLevels, 0), bookSide.levelCount());
        List<PriceLevelView> depth = new ArrayList<>(count);
        PriceLevel level = bookSide.best();
        for (int rank = 0; rank < count; rank++, level = bookSide.worse(level)) {
            depth.add(new PriceLevelView(level.priceTicks, level.totalQuantity, level.orderCount));
        }
        return depth;
    }

    /**
     * Fills the arrays with up to their length's levels of one side, best first, without
     * allocating. Returns the number of levels written.
     */
    int depth(Side side, long[] pricesTicks, long[] quantities, int[] orderCounts) {
        BookSide bookSide = side(side);
        int count = Math.min(Math.min(pricesTicks.length, quantities.length),
                Math.min(orderCounts.length, bookSide.levelCount()));
        PriceLevel level = bookSide.best();
        for (int rank = 0; rank < count; rank++, level = bookSide.worse(level)) {
            pricesTicks[rank] = level.priceTicks;
            quantities[rank] = level.totalQuantity;
            orderCounts[rank] = level.orderCount;
        }
        return count;
    }

    /** All resting orders of one side in priority order: best price first, oldest first within a price. */
    List<RestingOrder> restingOrders(Side side) {
        BookSide bookSide = side(side);
        List<RestingOrder> orders = new ArrayList<>(bookSide.orderCount);
        for (PriceLevel level = bookSide.best(); level != null; level = bookSide.worse(level)) {
            for (BookOrder order = level.head; order != null; order = order.next) {
                orders.add(view(order));
            }
        }
        return orders;
    }

    private static RestingOrder view(BookOrder order) {
        return new RestingOrder(order.orderId, order.owner, order.side, order.priceTicks, order.remainingQuantity);
    }

    /** See {@link OrderBook#validateInternalState()}. */
    void validate() {
        int orders = bids.validate() + asks.validate();
        BookSide.check(orders == ordersById.size(), "index holds " + ordersById.size() + " orders, levels " + orders);
        BookSide.check(orders == orderPool.inUse(), "pool lends " + orderPool.inUse() + " orders, book holds " + orders);
        BookSide.check(bids.levelCount() + asks.levelCount() == levelPool.inUse(), "level pool out of step");
        BookSide.check(orders <= limits.maxRestingOrders(), "more resting orders than the limit");
        validateIndexed(bids);
        validateIndexed(asks);
        PriceLevel bestBid = bids.best();
        PriceLevel bestAsk = asks.best();
        BookSide.check(bestBid == null || bestAsk == null || bestBid.priceTicks < bestAsk.priceTicks,
                "book crossed: bid " + (bestBid == null ? "-" : bestBid.priceTicks) + " >= ask "
                        + (bestAsk == null ? "-" : bestAsk.priceTicks));
    }

    private void validateIndexed(BookSide bookSide) {
        for (PriceLevel level = bookSide.best(); level != null; level = bookSide.worse(level)) {
            for (BookOrder order = level.head; order != null; order = order.next) {
                BookSide.check(ordersById.get(order.orderId) == order, "order not indexed:", order.orderId);
            }
        }
    }

    /** See {@link OrderBook#stateHash()}. */
    long stateHash() {
        long hash = hashSide(17, bids);
        return hashSide(hash * 31 + 1, asks);
    }

    private static long hashSide(long seed, BookSide bookSide) {
        long hash = seed;
        for (PriceLevel level = bookSide.best(); level != null; level = bookSide.worse(level)) {
            hash = mix(hash, level.priceTicks);
            for (BookOrder order = level.head; order != null; order = order.next) {
                hash = mix(mix(mix(hash, order.orderId), order.owner), order.remainingQuantity);
            }
        }
        return hash;
    }

    private static long mix(long hash, long value) {
        long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
