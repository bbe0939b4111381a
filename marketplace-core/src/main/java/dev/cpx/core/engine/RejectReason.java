package dev.cpx.core.engine;

/** Why the engine refused a command; a refused command changes nothing. */
public enum RejectReason {
    /** No book is registered for the instrument. */
    UNKNOWN_INSTRUMENT,
    /** An order with this id is live in the book. */
    DUPLICATE_ORDER_ID,
    /** Cancel or amend of an order that is not resting: unknown, filled or cancelled. */
    UNKNOWN_ORDER,
    /** A LIMIT price outside 1..maxPriceTicks, or a MARKET order with a price. */
    INVALID_PRICE,
    /** A quantity outside 1..maxQuantity. */
    INVALID_QUANTITY,
    /** An amend may only keep or lower the remaining quantity; place a new order for more. */
    QUANTITY_INCREASE_REFUSED,
    /** A GTC LIMIT order arrived while the book held its maximum number of resting orders. */
    BOOK_FULL
}
