package dev.cpx.benchmarks;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;

/**
 * Runs the workload through exchange-core 0.5.3's {@link OrderBookDirectImpl}, with one reused
 * {@link OrderCommand}. Mapping: GTC and IOC orders are PLACE_ORDER with order type GTC or IOC
 * (IOC with a limit price), cancel is CANCEL_ORDER, and a CPX price amend that keeps the quantity
 * is MOVE_ORDER (new price, same remaining size, loses time priority, trades if it crosses). The
 * symbol is a futures contract, so moves skip the exchange-pair reserve-price check. The order's
 * uid is its owner, which is its id.
 */
final class ExchangeCoreRunner {

    private static final int SYMBOL = 1;

    private final SingleBookWorkload workload;
    private final OrderBookDirectImpl book;
    private final OrderCommand command = new OrderCommand();
    long trades;
    long tradedQuantity;
    long failures;
    private int cursor;
    /** True while the book holds exactly the prefill. */
    private boolean atStart;

    ExchangeCoreRunner(SingleBookWorkload workload) {
        this.workload = workload;
        CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                .symbolId(SYMBOL)
                .type(SymbolType.FUTURES_CONTRACT)
                .baseScaleK(1)
                .quoteScaleK(1)
                .build();
        this.book = new OrderBookDirectImpl(spec, ObjectsPool.createDefaultTestPool(),
                OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER, LoggingConfiguration.DEFAULT);
        applyAll(workload.prefill);
        atStart = true;
    }

    OrderBookDirectImpl book() {
        return book;
    }

    /** Back to the state right after the prefill: the orders left by the stream are cancelled. */
    void reset() {
        if (atStart) {
            return;
        }
        for (long orderId : workload.finalRestingOrderIds) {
            prepare(OrderCommandType.CANCEL_ORDER, orderId, 0, 0);
            CommandResultCode result = book.cancelOrder(command);
            if (result != CommandResultCode.SUCCESS) {
                throw new IllegalStateException("reset could not cancel " + orderId + ": " + result);
            }
            command.matcherEvent = null;
        }
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
        long price = commands.pricesTicks[i];
        switch (commands.kinds[i]) {
            case SingleBookWorkload.GTC, SingleBookWorkload.IOC -> {
                prepare(OrderCommandType.PLACE_ORDER, orderId, price, commands.quantities[i]);
                command.action = commands.buys[i] ? OrderAction.BID : OrderAction.ASK;
                command.orderType = commands.kinds[i] == SingleBookWorkload.GTC ? OrderType.GTC : OrderType.IOC;
                command.reserveBidPrice = price;
                book.newOrder(command);
            }
            case SingleBookWorkload.CANCEL -> {
                prepare(OrderCommandType.CANCEL_ORDER, orderId, 0, 0);
                count(book.cancelOrder(command));
            }
            default -> {
                prepare(OrderCommandType.MOVE_ORDER, orderId, price, 0);
                count(book.moveOrder(command));
            }
        }
        countTrades();
    }

    private void prepare(OrderCommandType type, long orderId, long price, long size) {
        command.command = type;
        command.orderId = orderId;
        command.uid = orderId;
        command.symbol = SYMBOL;
        command.price = price;
        command.size = size;
        command.matcherEvent = null;
        command.resultCode = CommandResultCode.NEW;
    }

    private void count(CommandResultCode result) {
        if (result != CommandResultCode.SUCCESS) {
            failures++;
        }
    }

    private void countTrades() {
        for (MatcherTradeEvent event = command.matcherEvent; event != null; event = event.nextEvent) {
            if (event.eventType == MatcherEventType.TRADE) {
                trades++;
                tradedQuantity += event.size;
            }
        }
    }
}
