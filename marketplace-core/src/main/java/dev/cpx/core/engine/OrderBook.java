package dev.cpx.core.engine;

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
 * <p>Not thread-safe: one thread (the market core's) calls a book. Given the same
 * commands, a book emits the same events and reaches the same {@link #stateHash()}.
 */
public final class OrderBook {

    private final long instrumentId;
    private final BookLimits limits;
    private final EngineListener listener;
    private final BookContents contents;
    /** Set by {@link #match} when it stopped at an order of the taker's own owner. */
    private boolean selfTradeStopped;

    public OrderBook(long instrumentId, BookLimits limits, EngineListener listener) {
        this.instrumentId = instrumentId;
        this.limits = limits;
        this.listener = listener;
        this.contents = new BookContents(limits);
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
        } else if (type == OrderType.LIMIT && timeInForce == TimeInForce.GTC && !contents.side(side).canHold(priceTicks)) {
            listener.onCancelled(orderId, remaining, CancelReason.PRICE_SPAN_EXCEEDED);
        } else if (type == OrderType.LIMIT && timeInForce == TimeInForce.GTC) {
            contents.rest(contents.newOrder(orderId, owner, side, priceTicks, remaining));
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
        BookOrder order = contents.order(orderId);
        if (order == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }
        long remaining = order.remainingQuantity;
        contents.unrest(order);
        contents.releaseOrder(order);
        listener.onCancelled(orderId, remaining, CancelReason.OWNER_REQUEST);
    }

    /**
     * Amends a resting order's price and remaining quantity (see the class rules).
     *
     * @param newRemainingQuantity the open quantity after the amend: at least 1, at most the
     *     current remaining quantity; pass the current one to change only the price
     */
    public void amend(long orderId, long newPriceTicks, long newRemainingQuantity) {
        amend(orderId, contents.order(orderId), newPriceTicks, newRemainingQuantity);
    }

    /** Changes only the price of a resting order, keeping its remaining quantity. */
    public void amendPrice(long orderId, long newPriceTicks) {
        BookOrder order = contents.order(orderId);
        amend(orderId, order, newPriceTicks, order == null ? 0 : order.remainingQuantity);
    }

    private void amend(long orderId, BookOrder order, long newPriceTicks, long newRemainingQuantity) {
        RejectReason refusal = checkAmend(order, newPriceTicks, newRemainingQuantity);
        if (refusal != null) {
            listener.onRejected(orderId, refusal);
            return;
        }
        if (newPriceTicks == order.priceTicks) {
            contents.reduceInPlace(order, newRemainingQuantity);
            listener.onAmended(orderId, newPriceTicks, newRemainingQuantity);
            return;
        }
        contents.unrest(order);
        listener.onAmended(orderId, newPriceTicks, newRemainingQuantity);
        long remaining = match(orderId, order.owner, order.side, newPriceTicks, newRemainingQuantity);
        boolean mayRest = !selfTradeStopped && contents.side(order.side).canHold(newPriceTicks);
        if (remaining > 0 && mayRest) {
            order.priceTicks = newPriceTicks;
            order.remainingQuantity = remaining;
            contents.rest(order);
            return;
        }
        contents.releaseOrder(order);
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
        PriceLevel opposite = contents.side(side.opposite()).best();
        if (opposite != null && contents.side(side.opposite()).isReachedBy(opposite.priceTicks, priceTicks)) {
            throw new IllegalArgumentException("cannot restore order " + orderId + ": it crosses "
                    + opposite.priceTicks + " on the " + side.opposite() + " side");
        }
        if (!contents.side(side).canHold(priceTicks)) {
            throw new IllegalArgumentException("cannot restore order " + orderId + ": price " + priceTicks
                    + " exceeds the " + side + " side's price span");
        }
        contents.rest(contents.newOrder(orderId, owner, side, priceTicks, remainingQuantity));
    }

    /** Cancels every resting order with {@link CancelReason#EXPIRED}: bids then asks, each best first. */
    public void expireAll() {
        expireSide(contents.bids);
        expireSide(contents.asks);
    }

    private void expireSide(BookSide bookSide) {
        for (PriceLevel level = bookSide.best(); level != null; level = bookSide.best()) {
            BookOrder order = level.head;
            long orderId = order.orderId;
            long remaining = order.remainingQuantity;
            contents.unrest(order);
            contents.releaseOrder(order);
            listener.onCancelled(orderId, remaining, CancelReason.EXPIRED);
        }
    }

    // ---- matching

    /**
     * Trades the taker against the opposite side while prices are within its limit. Returns the
     * unfilled quantity; sets {@link #selfTradeStopped} when it stopped at the taker's own order.
     */
    private long match(long takerOrderId, long takerOwner, Side takerSide, long limitTicks, long quantity) {
        BookSide makers = contents.side(takerSide.opposite());
        long remaining = quantity;
        selfTradeStopped = false;
        while (remaining > 0) {
            PriceLevel level = makers.best();
            if (level == null || !makers.isReachedBy(level.priceTicks, limitTicks)) {
                break;
            }
            remaining = matchLevel(makers, level, takerOrderId, takerOwner, takerSide, remaining);
            if (level.isEmpty()) {
                contents.removeEmptyLevel(makers, level);
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
                contents.removeFilled(makers, level, maker);
            }
            listener.onTrade(makerOrderId, takerOrderId, makerOwner, takerOwner, level.priceTicks, traded, takerSide);
            maker = next;
        }
        return remaining;
    }

    /**
     * The quantity a taker could fill now: liquidity within its limit up to the first order of its own owner
     * (self-trade prevention stops it there), counting at most {@code quantity}.
     */
    public long fillableQuantity(long takerOwner, Side takerSide, long limitTicks, long quantity) {
        BookSide makers = contents.side(takerSide.opposite());
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
        if (contents.order(orderId) != null) {
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
        if (mayRest && contents.restingOrderCount() >= limits.maxRestingOrders()) {
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

    // ---- reads

    /** Orders resting in the book. */
    /**
     * Whether an order resting at this price would keep its side within {@link BookLimits#maxPriceSpanTicks()},
     * so a caller can refuse it at entry instead of seeing its remainder cancelled.
     */
    public boolean fitsPriceSpan(Side side, long priceTicks) {
        return contents.side(side).canHold(priceTicks);
    }

    public int restingOrderCount() {
        return contents.restingOrderCount();
    }

    /** Orders resting on one side. */
    public int restingOrderCount(Side side) {
        return contents.restingOrderCount(side);
    }

    /** Total remaining quantity resting on one side. */
    public long restingQuantity(Side side) {
        return contents.restingQuantity(side);
    }

    /** Number of price levels on one side. */
    public int levelCount(Side side) {
        return contents.levelCount(side);
    }

    /** The resting order with this id, if any. */
    public Optional<RestingOrder> restingOrder(long orderId) {
        return contents.restingOrder(orderId);
    }

    /** Up to {@code maxLevels} aggregated levels of one side, best first (bids descending, asks ascending). */
    public List<PriceLevelView> depth(Side side, int maxLevels) {
        return contents.depth(side, maxLevels);
    }

    /**
     * Fills the arrays with up to their length's levels of one side, best first, without
     * allocating. Returns the number of levels written.
     */
    public int depth(Side side, long[] pricesTicks, long[] quantities, int[] orderCounts) {
        return contents.depth(side, pricesTicks, quantities, orderCounts);
    }

    /** All resting orders of one side in priority order: best price first, oldest first within a price. */
    public List<RestingOrder> restingOrders(Side side) {
        return contents.restingOrders(side);
    }

    /**
     * Checks every structural invariant: levels in their ladder slots and non-empty, FIFO links
     * intact, totals consistent, index and pools in step with the book, book not crossed.
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void validateInternalState() {
        contents.validate();
    }

    /**
     * A hash of the book's content in priority order (sides, prices, order ids, owners, remaining
     * quantities), equal for books that hold the same orders in the same priority.
     */
    public long stateHash() {
        return contents.stateHash();
    }
}
