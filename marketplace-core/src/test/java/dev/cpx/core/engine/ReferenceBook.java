package dev.cpx.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deliberately naive order book: one list of resting orders, sorted afresh whenever priority
 * matters. Written from the rules, not from the engine, so that both can be compared.
 */
final class ReferenceBook {

    private static final class Entry {
        final long orderId;
        final long owner;
        final Side side;
        long priceTicks;
        long quantity;
        long sequence;

        Entry(long orderId, long owner, Side side, long priceTicks, long quantity, long sequence) {
            this.orderId = orderId;
            this.owner = owner;
            this.side = side;
            this.priceTicks = priceTicks;
            this.quantity = quantity;
            this.sequence = sequence;
        }
    }

    private final BookLimits limits;
    private final EngineListener out;
    private final List<Entry> resting = new ArrayList<>();
    private long nextSequence;
    private boolean stoppedBySelfTrade;

    ReferenceBook(BookLimits limits, EngineListener out) {
        this.limits = limits;
        this.out = out;
    }

    void place(long orderId, long owner, Side side, OrderType type, TimeInForce tif, long priceTicks, long quantity) {
        boolean market = type == OrderType.MARKET;
        boolean rests = !market && tif == TimeInForce.GTC;
        if (find(orderId) != null) {
            out.onRejected(orderId, RejectReason.DUPLICATE_ORDER_ID);
        } else if (market ? priceTicks != 0 : priceTicks < 1 || priceTicks > limits.maxPriceTicks()) {
            out.onRejected(orderId, RejectReason.INVALID_PRICE);
        } else if (quantity < 1 || quantity > limits.maxQuantity()) {
            out.onRejected(orderId, RejectReason.INVALID_QUANTITY);
        } else if (rests && resting.size() >= limits.maxRestingOrders()) {
            out.onRejected(orderId, RejectReason.BOOK_FULL);
        } else if (tif == TimeInForce.FOK && fillable(owner, side, market, priceTicks) < quantity) {
            out.onCancelled(orderId, quantity, CancelReason.FOK_NOT_FILLABLE);
        } else {
            long left = take(orderId, owner, side, market, priceTicks, quantity);
            if (left > 0 && stoppedBySelfTrade) {
                out.onCancelled(orderId, left, CancelReason.SELF_TRADE_PREVENTED);
            } else if (left > 0 && rests && !fitsSpan(side, priceTicks)) {
                out.onCancelled(orderId, left, CancelReason.PRICE_SPAN_EXCEEDED);
            } else if (left > 0 && rests) {
                resting.add(new Entry(orderId, owner, side, priceTicks, left, nextSequence++));
                out.onRested(orderId, owner, side, priceTicks, left);
            } else if (left > 0) {
                out.onCancelled(orderId, left, CancelReason.UNFILLED_IMMEDIATE_ORDER);
            }
        }
    }

    void cancel(long orderId) {
        Entry entry = find(orderId);
        if (entry == null) {
            out.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
            return;
        }
        resting.remove(entry);
        out.onCancelled(orderId, entry.quantity, CancelReason.OWNER_REQUEST);
    }

    void amend(long orderId, long priceTicks, long quantity) {
        Entry entry = find(orderId);
        if (entry == null) {
            out.onRejected(orderId, RejectReason.UNKNOWN_ORDER);
        } else if (priceTicks < 1 || priceTicks > limits.maxPriceTicks()) {
            out.onRejected(orderId, RejectReason.INVALID_PRICE);
        } else if (quantity < 1) {
            out.onRejected(orderId, RejectReason.INVALID_QUANTITY);
        } else if (quantity > entry.quantity) {
            out.onRejected(orderId, RejectReason.QUANTITY_INCREASE_REFUSED);
        } else if (priceTicks == entry.priceTicks) {
            entry.quantity = quantity;
            out.onAmended(orderId, priceTicks, quantity);
        } else {
            resting.remove(entry);
            out.onAmended(orderId, priceTicks, quantity);
            long left = take(orderId, entry.owner, entry.side, false, priceTicks, quantity);
            if (left > 0 && stoppedBySelfTrade) {
                out.onCancelled(orderId, left, CancelReason.SELF_TRADE_PREVENTED);
            } else if (left > 0 && !fitsSpan(entry.side, priceTicks)) {
                out.onCancelled(orderId, left, CancelReason.PRICE_SPAN_EXCEEDED);
            } else if (left > 0) {
                entry.priceTicks = priceTicks;
                entry.quantity = left;
                entry.sequence = nextSequence++;
                resting.add(entry);
            }
        }
    }

    /** Resting orders of one side, best price first, oldest first within a price. */
    List<RestingOrder> restingOrders(Side side) {
        return ordered(side).stream()
                .map(e -> new RestingOrder(e.orderId, e.owner, e.side, e.priceTicks, e.quantity))
                .toList();
    }

    /** Whether the side's lowest to highest price, with this price added, stays within the span limit. */
    private boolean fitsSpan(Side side, long priceTicks) {
        long low = priceTicks;
        long high = priceTicks;
        for (Entry entry : resting) {
            if (entry.side == side) {
                low = Math.min(low, entry.priceTicks);
                high = Math.max(high, entry.priceTicks);
            }
        }
        return high - low < limits.maxPriceSpanTicks();
    }

    private long take(long orderId, long owner, Side side, boolean market, long limitTicks, long quantity) {
        long left = quantity;
        stoppedBySelfTrade = false;
        while (left > 0) {
            List<Entry> reachable = reachable(side, market, limitTicks);
            if (reachable.isEmpty()) {
                break;
            }
            Entry maker = reachable.get(0);
            if (maker.owner == owner) {
                stoppedBySelfTrade = true;
                break;
            }
            long traded = Math.min(left, maker.quantity);
            left -= traded;
            maker.quantity -= traded;
            if (maker.quantity == 0) {
                resting.remove(maker);
            }
            out.onTrade(maker.orderId, orderId, maker.owner, owner, maker.priceTicks, traded, side);
        }
        return left;
    }

    private long fillable(long owner, Side side, boolean market, long limitTicks) {
        long fillable = 0;
        for (Entry maker : reachable(side, market, limitTicks)) {
            if (maker.owner == owner) {
                break;
            }
            fillable += maker.quantity;
        }
        return fillable;
    }

    /** Opposite orders a taker may trade with, in priority order. */
    private List<Entry> reachable(Side takerSide, boolean market, long limitTicks) {
        List<Entry> reachable = new ArrayList<>();
        for (Entry entry : ordered(takerSide.opposite())) {
            boolean withinLimit = market
                    || (takerSide == Side.BUY ? entry.priceTicks <= limitTicks : entry.priceTicks >= limitTicks);
            if (withinLimit) {
                reachable.add(entry);
            }
        }
        return reachable;
    }

    private List<Entry> ordered(Side side) {
        Comparator<Entry> byPrice = Comparator.comparingLong(e -> e.priceTicks);
        if (side == Side.BUY) {
            byPrice = byPrice.reversed();
        }
        List<Entry> ordered = new ArrayList<>();
        for (Entry entry : resting) {
            if (entry.side == side) {
                ordered.add(entry);
            }
        }
        ordered.sort(byPrice.thenComparingLong(e -> e.sequence));
        return ordered;
    }

    private Entry find(long orderId) {
        for (Entry entry : resting) {
            if (entry.orderId == orderId) {
                return entry;
            }
        }
        return null;
    }
}
