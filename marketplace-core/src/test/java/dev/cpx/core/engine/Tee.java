package dev.cpx.core.engine;

/** Hands each event to two listeners in turn. */
record Tee(EngineListener first, EngineListener second) implements EngineListener {

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide) {
        first.onTrade(makerOrderId, takerOrderId, makerOwner, takerOwner, priceTicks, quantity, takerSide);
        second.onTrade(makerOrderId, takerOrderId, makerOwner, takerOwner, priceTicks, quantity, takerSide);
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        first.onRested(orderId, owner, side, priceTicks, remainingQuantity);
        second.onRested(orderId, owner, side, priceTicks, remainingQuantity);
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        first.onCancelled(orderId, cancelledQuantity, reason);
        second.onCancelled(orderId, cancelledQuantity, reason);
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        first.onAmended(orderId, priceTicks, remainingQuantity);
        second.onAmended(orderId, priceTicks, remainingQuantity);
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        first.onRejected(orderId, reason);
        second.onRejected(orderId, reason);
    }
}
