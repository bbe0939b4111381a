package dev.cpx.core.market;

/** The order after placement; {@code created} is false when an identical earlier request was replayed. */
public record PlacementResult(OrderView order, boolean created) {

    /** A block after placement; {@code created} is false when an identical earlier request was replayed. */
    public record Block(BlockOrderView block, boolean created) {
    }
}
