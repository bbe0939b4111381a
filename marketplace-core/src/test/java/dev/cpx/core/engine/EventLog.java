package dev.cpx.core.engine;

import java.util.ArrayList;
import java.util.List;

/** Records engine events as readable lines, in order. */
final class EventLog implements EngineListener {

    final List<String> events = new ArrayList<>();

    static String trade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide) {
        return "trade maker=" + makerOrderId + " taker=" + takerOrderId + " makerOwner=" + makerOwner
                + " takerOwner=" + takerOwner + " price=" + priceTicks + " qty=" + quantity + " taker=" + takerSide;
    }

    static String rested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        return "rested " + orderId + " owner=" + owner + " " + side + " price=" + priceTicks + " qty=" + remainingQuantity;
    }

    static String cancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        return "cancelled " + orderId + " qty=" + cancelledQuantity + " " + reason;
    }

    static String amended(long orderId, long priceTicks, long remainingQuantity) {
        return "amended " + orderId + " price=" + priceTicks + " qty=" + remainingQuantity;
    }

    static String rejected(long orderId, RejectReason reason) {
        return "rejected " + orderId + " " + reason;
    }

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide) {
        events.add(trade(makerOrderId, takerOrderId, makerOwner, takerOwner, priceTicks, quantity, takerSide));
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        events.add(rested(orderId, owner, side, priceTicks, remainingQuantity));
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        events.add(cancelled(orderId, cancelledQuantity, reason));
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        events.add(amended(orderId, priceTicks, remainingQuantity));
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        events.add(rejected(orderId, reason));
    }

    /** Returns the events recorded so far and forgets them. */
    List<String> drain() {
        List<String> drained = List.copyOf(events);
        events.clear();
        return drained;
    }
}
