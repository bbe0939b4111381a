package dev.cpx.benchmarks;

import dev.cpx.core.engine.CancelReason;
import dev.cpx.core.engine.EngineListener;
import dev.cpx.core.engine.OrderBook;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RejectReason;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;

/** Runs the workload through a CPX {@link OrderBook}; the listener only counts, so nothing allocates. */
final class CpxRunner implements EngineListener {

    private final SingleBookWorkload workload;
    private final OrderBook book;
    long trades;
    long tradedQuantity;
    long rejects;
    private int cursor;
    /** True while the book holds exactly the prefill. */
    private boolean atStart;

    CpxRunner(SingleBookWorkload workload) {
        this.workload = workload;
        this.book = new OrderBook(1, SingleBookWorkload.LIMITS, this);
        applyAll(workload.prefill);
        atStart = true;
    }

    OrderBook book() {
        return book;
    }

    /** Back to the state right after the prefill. */
    void reset() {
        if (atStart) {
            return;
        }
        book.expireAll();
        applyAll(workload.prefill);
        cursor = 0;
        atStart = true;
    }

    long runStream() {
        atStart = false;
        SingleBookWorkload.Commands stream = workload.stream;
        for (int i = 0; i < stream.size; i++) {
            apply(stream, i);
        }
        return trades;
    }

    /** One command of the stream; at its end the book is reset and the stream starts over. */
    long step() {
        if (cursor == workload.stream.size) {
            reset();
        }
        atStart = false;
        apply(workload.stream, cursor++);
        return trades;
    }

    private void applyAll(SingleBookWorkload.Commands commands) {
        for (int i = 0; i < commands.size; i++) {
            apply(commands, i);
        }
    }

    private void apply(SingleBookWorkload.Commands commands, int i) {
        long orderId = commands.orderIds[i];
        Side side = commands.buys[i] ? Side.BUY : Side.SELL;
        switch (commands.kinds[i]) {
            case SingleBookWorkload.GTC -> book.place(orderId, orderId, side, OrderType.LIMIT, TimeInForce.GTC,
                    commands.pricesTicks[i], commands.quantities[i]);
            case SingleBookWorkload.IOC -> book.place(orderId, orderId, side, OrderType.LIMIT, TimeInForce.IOC,
                    commands.pricesTicks[i], commands.quantities[i]);
            case SingleBookWorkload.CANCEL -> book.cancel(orderId);
            default -> book.amendPrice(orderId, commands.pricesTicks[i]);
        }
    }

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide) {
        trades++;
        tradedQuantity += quantity;
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        rejects++;
    }
}
