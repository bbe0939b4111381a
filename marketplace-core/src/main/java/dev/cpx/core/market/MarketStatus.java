package dev.cpx.core.market;

/** What the market can do on this instance right now: run commands itself, forward them, or neither. */
public record MarketStatus(boolean active, boolean forwarding, String state, String detail) {
}
