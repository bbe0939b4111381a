package dev.cpx.core.engine;

/** Why the engine took quantity of an order out of the market. */
public enum CancelReason {
    /** The owner cancelled the order. */
    OWNER_REQUEST,
    /** The unfilled remainder of an IOC or MARKET order, which never rests. */
    UNFILLED_IMMEDIATE_ORDER,
    /** A FOK order could not be filled completely, so it traded nothing. */
    FOK_NOT_FILLABLE,
    /** The incoming order reached a resting order of its own owner; its remainder is cancelled (cancel newest). */
    SELF_TRADE_PREVENTED,
    /**
     * The remainder of a GTC order could not rest: its price would make its side of the book span
     * more than {@link BookLimits#maxPriceSpanTicks()} from lowest to highest price.
     */
    PRICE_SPAN_EXCEEDED,
    /** The book was closed (the instrument's gate closed) while the order rested. */
    EXPIRED
}
