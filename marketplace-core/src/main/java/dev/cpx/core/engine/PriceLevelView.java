package dev.cpx.core.engine;

/** One aggregated price level of the book's depth. */
public record PriceLevelView(long priceTicks, long quantity, int orderCount) {
}
