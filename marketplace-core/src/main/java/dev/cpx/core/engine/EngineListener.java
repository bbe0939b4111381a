package dev.cpx.core.engine;

/**
 * Receives the events of each command, synchronously and in order, on the caller's thread.
 * Arguments are primitives and enums so that the hot path allocates nothing. A listener must
 * not call the engine back.
 *
 * <p>Per command the events are:
 * <ul>
 *   <li>place: {@code onRejected}; or {@code onTrade}* followed by {@code onRested} (a GTC LIMIT
 *       remainder), {@code onCancelled} (remainder of IOC, FOK, MARKET, self-trade prevention, or a price span exceeded),
 *       or nothing more when the trades filled the order.</li>
 *   <li>cancel: {@code onCancelled} with {@link CancelReason#OWNER_REQUEST}, or {@code onRejected}.</li>
 *   <li>amend: {@code onRejected}; or {@code onAmended}, then, for a new price that crosses,
 *       {@code onTrade}* and possibly {@code onCancelled} with
 *       {@link CancelReason#SELF_TRADE_PREVENTED} or {@link CancelReason#PRICE_SPAN_EXCEEDED}; an
 *       unfilled rest stays in the book.</li>
 * </ul>
 */
public interface EngineListener {

    /** A trade at the resting (maker) order's price. */
    void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide);

    /** The remainder of a placed order now rests in the book. */
    void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity);

    /** The order's remaining quantity left the market; the order is finished. */
    void onCancelled(long orderId, long cancelledQuantity, CancelReason reason);

    /**
     * A resting order was amended. If {@code priceTicks} differs from its old price it lost its
     * time priority and any trades that follow are its own, as an incoming order.
     */
    void onAmended(long orderId, long priceTicks, long remainingQuantity);

    /** The command was refused and changed nothing. */
    void onRejected(long orderId, RejectReason reason);
}
