package dev.cpx.core.engine;

/** A read-only copy of an order resting in a book. */
public record RestingOrder(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
}
