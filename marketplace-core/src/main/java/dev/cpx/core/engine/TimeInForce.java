package dev.cpx.core.engine;

/** How long an order may stay in the book. */
public enum TimeInForce {
    /** Good till cancelled: a LIMIT order's unfilled remainder rests in the book. */
    GTC,
    /** Immediate or cancel: trades what it can at once, the remainder is cancelled. */
    IOC,
    /** Fill or kill: fills completely at once or trades nothing. */
    FOK
}
