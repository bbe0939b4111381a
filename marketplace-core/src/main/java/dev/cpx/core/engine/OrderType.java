package dev.cpx.core.engine;

/** LIMIT orders carry a price; MARKET orders take any price and never rest. */
public enum OrderType {
    LIMIT,
    MARKET
}
