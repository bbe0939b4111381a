package dev.cpx.core.engine;

/** The side of an order: a buyer's bid or a seller's ask. */
public enum Side {
    BUY,
    SELL;

    /** The side an order of this side trades against. */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }
}
