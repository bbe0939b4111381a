package dev.cpx.core.engine;

/** How long an order may stay in the book. */
public enum TimeInForce {
    /** Good till cancelled: a LIMIT order's unfilled remainder rests in the book. */
    GTC,
    /** Immediate or cancel: trades what it can at once, the remainder is cancelled. */
    IOC,
    /**
     * Fill or kill: fills completely at once or trades nothing. Only liquidity reachable before the
     * first resting order of the same owner counts, so a FOK order never trades up to its own order
     * and is never cut short by self-trade prevention (see {@link OrderBook}).
     */
    FOK
}
