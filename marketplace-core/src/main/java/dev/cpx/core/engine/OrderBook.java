package dev.cpx.core.engine;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order book of one instrument: price-time priority matching of LIMIT and MARKET orders with
 * GTC, IOC and FOK time in force, cancel, amend and cancel-newest self-trade prevention.
 *
 * <p>Rules:
 * <ul>
 *   <li>An incoming order trades with the best opposite level while the level's price is within
 *       its limit (any price for MARKET), oldest order first; the trade price is the resting
 *       order's price.</li>
 *   <li>Self-trade prevention (cancel newest): when the next resting order in priority is the
 *       incoming order's own owner's, matching stops, the incoming remainder is cancelled with
 *       {@link CancelReason#SELF_TRADE_PREVENTED} and the resting order stays. Trades already made
 *       stand.</li>
 *   <li>A GTC LIMIT remainder rests; an IOC or MARKET remainder (MARKET whatever its time in
 *       force) is cancelled with {@link CancelReason#UNFILLED_IMMEDIATE_ORDER}.</li>
 *   <li>FOK: before trading, the book counts the quantity the order could fill: resting orders
 *       within its limit in priority order, stopping at the first order of its own owner (which
 *       self-trade prevention would not let it pass). If that is less than the order's quantity
 *       the order trades nothing and is cancelled with {@link CancelReason#FOK_NOT_FILLABLE};
 *       otherwise it fills completely. So a FOK order never triggers self-trade prevention.</li>
 *   <li>Amend of a resting order: the new remaining quantity may be equal or smaller (keeps time
 *       priority), never larger. A new price loses time priority: the order leaves the book and
 *       comes back as an incoming GTC LIMIT order with the amended quantity, trading at once if it
 *       crosses (self-trade prevention applies to it as the newest order).</li>
 *   <li>Limits ({@link BookLimits}): prices and quantities outside their range are refused; a GTC
 *       LIMIT order arriving at a book holding its maximum of resting orders is refused
 *       ({@link RejectReason#BOOK_FULL}); a GTC remainder (of a placed or a re-priced order) whose
 *       price would make its side span more ticks than allowed is cancelled after its trades
 *       ({@link CancelReason#PRICE_SPAN_EXCEEDED}).</li>
 *   <li>Order ids are the caller's; an id live in this book is refused. The book does not
 *       remember finished orders: uniqueness over time is the caller's durable store's job.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread (the instrument's sequencer) calls a book. Given the same
 * commands, a book emits the same events and reaches the same {@link #stateHash()}.
 */
public final class OrderBook {

    private final long instrumentId;
    private final BookLimits limits;
    private final EngineListener listener;
    private final BookSide bids;
    private final BookSide asks;
    private final Long2ObjectOpenHashMap<BookOrder> ordersById;
    private final ObjectPool<BookOrder> orderPool;
    private final ObjectPool<PriceLevel> levelPool;
    /** Set by {@link #match} when it stopped at an order of the taker's own owner. */
    private boolean selfTradeStopped;

    public OrderBook(long instrumentId, BookLimits limits, EngineListener listener) {
        this.instrumentId = instrumentId;
        this.limits = limits;
        this.listener = listener;
        this.bids = new BookSide(Side.BUY, limits.maxPriceSpanTicks());
        this.asks = new BookSide(Side.SELL, limits.maxPriceSpanTicks());
        this.ordersById = new Long2ObjectOpenHashMap<>(Math.min(limits.maxRestingOrders(), 1024));
        this.orderPool = new ObjectPool<>(BookOrder::new, limits.maxRestingOrders());
        this.levelPool = new ObjectPool<>(PriceLevel::new, limits.maxRestingOrders());
    }

    public long instrumentId() {
        return instrumentId;
    }

    public BookLimits limits() {
        return limits;
    }

    /**
     * Places an order.
     *
     * @param priceTicks the limit price for LIMIT orders; must be 0 for MARKET orders
     */
    public void place(long orderId, long owner, Side side, OrderType type, TimeInForce timeInForce,
            long priceTicks, long quantity) {
        RejectReason refusal = checkPlace(orderId, type, timeInForce, priceTicks, quantity);
        if (refusal != null) {
            listener.onRejected(orderId, refusal);
            return;
        }
        long limitTicks = type == OrderType.MARKET ? marketLimit(side) : priceTicks;
        if (timeInForce == TimeInForce.FOK && fillableQuantity(owner, side, limitTicks, quantity) < quantity) {
            listener.onCancelled(orderId, quantity, CancelReason.FOK_NOT_FILLABLE);
            return;
        }
        long remaining = match(orderId, owner, side, limitTicks, quantity);
        if (remaining == 0) {
            return;
        }
        if (selfTradeStopped) {
            listener.onCancelled(orderId, remaining, CancelReason.SELF_TRADE_PREVENTED);
        } else if (type == OrderType.LIMIT && timeInForce == TimeInForce.GTC && !side(side).canHold(priceTicks)) {
            listener.onCancelled(orderId, remaining, CancelReason.PRICE_SPAN_EXCEEDED);
        } else if (type == OrderType.LIMIT && timeInForce == TimeInForce.GTC) {
            rest(newOrder(orderId, owner, side, priceTicks, remaining));
            listener.onRested(orderId, owner, side, priceTicks, remaining);
        } else {
            if (timeInForce == TimeInForce.FOK) {
                throw new IllegalStateException("FOK order " + orderId + " left unfilled after the fillable check");
            }
            listener.onCancelled(orderId, remaining, CancelReason.UNFILLED_IMMEDIATE_ORDER);
        }
    }

    /** Cancels a resting order. */
    public void cancel(long orderId) {
        BookOrder order = ordersById.get(orderId);
        if (order == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }
        long remaining = order.remainingQuantity;
        unrest(order);
        releaseOrder(order);
        listener.onCancelled(orderId, remaining, CancelReason.OWNER_REQUEST);
    }

    /**
     * Amends a resting order's price and remaining quantity (see the class rules).
     *
     * @param newRemainingQuantity the open quantity after the amend: at least 1, at most the
     *     current remaining quantity; pass the current one to change only the price
     */
    public void amend(long orderId, long newPriceTicks, long newRemainingQuantity) {
        amend(orderId, ordersById.get(orderId), newPriceTicks, newRemainingQuantity);
    }

    /** Changes only the price of a resting order, keeping its remaining quantity. */
    public void amendPrice(long orderId, long newPriceTicks) {
        BookOrder order = ordersById.get(orderId);
        amend(orderId, order, newPriceTicks, order == null ? 0 : order.remainingQuantity);
    }

    private void amend(long orderId, BookOrder order, long newPriceTicks, long newRemainingQuantity) {
        RejectReason refusal = checkAmend(order, newPriceTicks, newRemainingQuantity);
        if (refusal != null) {
            listener.onRejected(orderId, refusal);
            return;
        }
        if (newPriceTicks == order.priceTicks) {
            reduceInPlace(order, newRemainingQuantity);
            listener.onAmended(orderId, newPriceTicks, newRemainingQuantity);
            return;
        }
        unrest(order);
        listener.onAmended(orderId, newPriceTicks, newRemainingQuantity);
        long remaining = match(orderId, order.owner, order.side, newPriceTicks, newRemainingQuantity);
        boolean mayRest = !selfTradeStopped && side(order.side).canHold(newPriceTicks);
        if (remaining > 0 && mayRest) {
            order.priceTicks = newPriceTicks;
            order.remainingQuantity = remaining;
            rest(order);
            return;
        }
        releaseOrder(order);
        if (remaining > 0) {
            listener.onCancelled(orderId, remaining,
                    selfTradeStopped ? CancelReason.SELF_TRADE_PREVENTED : CancelReason.PRICE_SPAN_EXCEEDED);
        }
    }

    /**
     * Puts a resting order back into the book without matching and without events, to rebuild a
     * book from stored open orders. Call it in the orders' time priority order.
     *
     * @throws IllegalArgumentException if the order is invalid, its id is live, the book is full,
     *     or it would cross the opposite side: stored open orders can never do that
     */
    public void insertResting(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        RejectReason refusal = checkPlace(orderId, OrderType.LIMIT, TimeInForce.GTC, priceTicks, remainingQuantity);
        if (refusal != null) {
            throw new IllegalArgumentException("cannot restore order " + orderId + ": " + refusal);
        }
        PriceLevel opposite = side(side.opposite()).best();
        if (opposite != null && side(side.opposite()).isReachedBy(opposite.priceTicks, priceTicks)) {
            throw new IllegalArgumentException("cannot restore order " + orderId + ": it crosses "
                    + opposite.priceTicks + " on the " + side.opposite() + " side");
        }
        if (!side(side).canHold(priceTicks)) {
            throw new IllegalArgumentException("cannot restore order " + orderId + ": price " + priceTicks
                    + " exceeds the " + side + " side's price span");
        }
        rest(newOrder(orderId, owner, side, priceTicks, remainingQuantity));
    }

    /** Cancels every resting order with {@link CancelReason#EXPIRED}: bids then asks, each best first. */
    public void expireAll() {
        expireSide(bids);
        expireSide(asks);
    }

    private void expireSide(BookSide bookSide) {
        for (PriceLevel level = bookSide.best(); level != null; level = bookSide.best()) {
            BookOrder order = level.head;
            long orderId = order.orderId;
            long remaining = order.remainingQuantity;
            unrest(order);
            releaseOrder(order);
            listener.onCancelled(orderId, remaining, CancelReason.EXPIRED);
        }
    }

    // ---- matching

    /**
     * Trades the taker against the opposite side while prices are within its limit. Returns the
     * unfilled quantity; sets {@link #selfTradeStopped} when it stopped at the taker's own order.
     */
    private long match(long takerOrderId, long takerOwner, Side takerSide, long limitTicks, long quantity) {
        BookSide makers = side(takerSide.opposite());
        long remaining = quantity;
        selfTradeStopped = false;
        while (remaining > 0) {
            PriceLevel level = makers.best();
            if (level == null || !makers.isReachedBy(level.priceTicks, limitTicks)) {
                break;
            }
            remaining = matchLevel(makers, level, takerOrderId, takerOwner, takerSide, remaining);
            if (level.isEmpty()) {
                makers.remove(level);
                releaseLevel(level);
            }
            if (selfTradeStopped) {
                break;
            }
        }
        return remaining;
    }

    private long matchLevel(BookSide makers, PriceLevel level, long takerOrderId, long takerOwner,
            Side takerSide, long quantity) {
        long remaining = quantity;
        BookOrder maker = level.head;
        while (maker != null && remaining > 0) {
            if (maker.owner == takerOwner) {
                selfTradeStopped = true;
                break;
            }
            long traded = Math.min(remaining, maker.remainingQuantity);
            remaining -= traded;
            maker.remainingQuantity -= traded;
            level.totalQuantity -= traded;
            makers.totalQuantity -= traded;
            BookOrder next = maker.next;
            long makerOrderId = maker.orderId;
            long makerOwner = maker.owner;
            if (maker.remainingQuantity == 0) {
                level.unlink(maker);
                makers.orderCount--;
                ordersById.remove(makerOrderId);
                releaseOrder(maker);
            }
            listener.onTrade(makerOrderId, takerOrderId, makerOwner, takerOwner, level.priceTicks, traded, takerSide);
            maker = next;
        }
        return remaining;
    }

    /** The quantity a FOK taker could fill: liquidity within its limit up to the first order of its own owner. */
    private long fillableQuantity(long takerOwner, Side takerSide, long limitTicks, long quantity) {
        BookSide makers = side(takerSide.opposite());
        long fillable = 0;
        for (PriceLevel level = makers.best(); level != null && fillable < quantity; level = makers.worse(level)) {
            if (!makers.isReachedBy(level.priceTicks, limitTicks)) {
                break;
            }
            for (BookOrder maker = level.head; maker != null && fillable < quantity; maker = maker.next) {
                if (maker.owner == takerOwner) {
                    return fillable;
                }
                fillable += maker.remainingQuantity;
            }
        }
        return fillable;
    }

    private static long marketLimit(Side side) {
        return side == Side.BUY ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    // ---- validation

    private RejectReason checkPlace(long orderId, OrderType type, TimeInForce timeInForce, long priceTicks, long quantity) {
        if (ordersById.containsKey(orderId)) {
            return RejectReason.DUPLICATE_ORDER_ID;
        }
        boolean priceValid = type == OrderType.MARKET
                ? priceTicks == 0
                : priceTicks >= 1 && priceTicks <= limits.maxPriceTicks();
        if (!priceValid) {
            return RejectReason.INVALID_PRICE;
        }
        if (quantity < 1 || quantity > limits.maxQuantity()) {
            return RejectReason.INVALID_QUANTITY;
        }
        boolean mayRest = type == OrderType.LIMIT && timeInForce == TimeInForce.GTC;
        if (mayRest && ordersById.size() >= limits.maxRestingOrders()) {
            return RejectReason.BOOK_FULL;
        }
        return null;
    }

    private RejectReason checkAmend(BookOrder order, long newPriceTicks, long newRemainingQuantity) {
        if (order == null) {
            return RejectReason.UNKNOWN_ORDER;
        }
        if (newPriceTicks < 1 || newPriceTicks > limits.maxPriceTicks()) {
            return RejectReason.INVALID_PRICE;
        }
        if (newRemainingQuantity < 1) {
            return RejectReason.INVALID_QUANTITY;
        }
        if (newRemainingQuantity > order.remainingQuantity) {
            return RejectReason.QUANTITY_INCREASE_REFUSED;
        }
        return null;
    }

    // ---- book structure

    private BookSide side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    private BookOrder newOrder(long orderId, long owner, Side side, long priceTicks, long quantity) {
        BookOrder order = orderPool.take();
        order.orderId = orderId;
        order.owner = owner;
        order.side = side;
        order.priceTicks = priceTicks;
        order.remainingQuantity = quantity;
        return order;
    }

    /** Appends the order at the back of its price level's queue and indexes it. */
    private void rest(BookOrder order) {
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
    private void unrest(BookOrder order) {
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

    private void reduceInPlace(BookOrder order, long newRemainingQuantity) {
        long reducedBy = order.remainingQuantity - newRemainingQuantity;
        order.remainingQuantity = newRemainingQuantity;
        order.level.totalQuantity -= reducedBy;
        side(order.side).totalQuantity -= reducedBy;
    }

    private void releaseOrder(BookOrder order) {
        order.clear();
        orderPool.release(order);
    }

    private void releaseLevel(PriceLevel level) {
        level.clear();
        levelPool.release(level);
    }

    // ---- reads

    /** Orders resting in the book. */
    public int restingOrderCount() {
        return ordersById.size();
    }

    /** Orders resting on one side. */
    public int restingOrderCount(Side side) {
        return side(side).orderCount;
    }

    /** Total remaining quantity resting on one side. */
    public long restingQuantity(Side side) {
        return side(side).totalQuantity;
    }

    /** Number of price levels on one side. */
    public int levelCount(Side side) {
        return side(side).levelCount();
    }

    /** The resting order with this id, if any. */
    public Optional<RestingOrder> restingOrder(long orderId) {
        BookOrder order = ordersById.get(orderId);
        return order == null ? Optional.empty() : Optional.of(view(order));
    }

    /** Up to {@code maxLevels} aggregated levels of one side, best first (bids descending, asks ascending). */
    public List<PriceLevelView> depth(Side side, int maxLevels) {
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
    public int depth(Side side, long[] pricesTicks, long[] quantities, int[] orderCounts) {
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
    public List<RestingOrder> restingOrders(Side side) {
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

    // ---- self-checks

    /**
     * Checks every structural invariant: levels sorted and non-empty, FIFO links intact, totals
     * consistent, index and pools in step with the book, book not crossed.
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void validateInternalState() {
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
                BookSide.check(ordersById.get(order.orderId) == order, "order " + order.orderId + " not indexed");
            }
        }
    }

    /**
     * A hash of the book's content in priority order (sides, prices, order ids, owners, remaining
     * quantities), equal for books that hold the same orders in the same priority.
     */
    public long stateHash() {
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
