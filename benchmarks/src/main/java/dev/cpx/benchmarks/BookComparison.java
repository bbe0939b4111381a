package dev.cpx.benchmarks;

import dev.cpx.core.engine.OrderBook;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import exchange.core2.core.common.IOrder;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the whole stream through both books (twice, with a reset between, as the benchmarks do)
 * and compares the results: trades, traded quantity, resting orders and volume per side, and
 * every resting order's price and remaining quantity.
 */
final class BookComparison {

    private BookComparison() {
    }

    static String compare(SingleBookWorkload workload) {
        CpxRunner cpx = new CpxRunner(workload);
        ExchangeCoreRunner exchangeCore = new ExchangeCoreRunner(workload);
        List<String> lines = new ArrayList<>();
        for (int pass = 1; pass <= 2; pass++) {
            if (pass == 2) {
                cpx.reset();
                exchangeCore.reset();
            }
            long cpxTradesBefore = cpx.trades;
            long cpxQuantityBefore = cpx.tradedQuantity;
            long ecTradesBefore = exchangeCore.trades;
            long ecQuantityBefore = exchangeCore.tradedQuantity;
            cpx.runStream();
            exchangeCore.runStream();
            lines.add(String.format("pass %d  CPX: %,d trades, %,d GPUs traded, bids %s, asks %s, refusals %d",
                    pass, cpx.trades - cpxTradesBefore, cpx.tradedQuantity - cpxQuantityBefore,
                    side(cpx.book(), Side.BUY), side(cpx.book(), Side.SELL), cpx.rejects));
            lines.add(String.format("pass %d  exchange-core: %,d trades, %,d GPUs traded, bids %s, asks %s, failed commands %d",
                    pass, exchangeCore.trades - ecTradesBefore, exchangeCore.tradedQuantity - ecQuantityBefore,
                    side(exchangeCore.book(), OrderAction.BID), side(exchangeCore.book(), OrderAction.ASK), exchangeCore.failures));
            check(cpx, exchangeCore, workload);
        }
        cpx.book().validateInternalState();
        exchangeCore.book().validateInternalState();
        lines.add("final books are equal: same trades, same resting orders at the same prices and quantities");
        return String.join(System.lineSeparator(), lines);
    }

    private static String side(OrderBook book, Side side) {
        return String.format("%,d orders / %,d GPUs", book.restingOrderCount(side), book.restingQuantity(side));
    }

    private static String side(OrderBookDirectImpl book, OrderAction action) {
        return String.format("%,d orders / %,d GPUs", book.getOrdersNum(action), book.getTotalOrdersVolume(action));
    }

    private static void check(CpxRunner cpx, ExchangeCoreRunner exchangeCore, SingleBookWorkload workload) {
        require(cpx.trades == exchangeCore.trades, "trade counts differ");
        require(cpx.tradedQuantity == exchangeCore.tradedQuantity, "traded quantities differ");
        require(cpx.rejects == 0 && exchangeCore.failures == 0, "a command was refused");
        OrderBook book = cpx.book();
        OrderBookDirectImpl other = exchangeCore.book();
        require(book.restingOrderCount(Side.BUY) == other.getOrdersNum(OrderAction.BID), "bid counts differ");
        require(book.restingOrderCount(Side.SELL) == other.getOrdersNum(OrderAction.ASK), "ask counts differ");
        require(book.restingQuantity(Side.BUY) == other.getTotalOrdersVolume(OrderAction.BID), "bid volumes differ");
        require(book.restingQuantity(Side.SELL) == other.getTotalOrdersVolume(OrderAction.ASK), "ask volumes differ");
        require(book.restingOrderCount() == workload.finalRestingOrderIds.length, "final orders differ from the generator's");
        for (long orderId : workload.finalRestingOrderIds) {
            RestingOrder mine = book.restingOrder(orderId).orElseThrow();
            IOrder theirs = other.getOrderById(orderId);
            require(theirs != null && theirs.getPrice() == mine.priceTicks()
                    && theirs.getSize() - theirs.getFilled() == mine.remainingQuantity(), "order " + orderId + " differs");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("CPX and exchange-core disagree: " + message);
        }
    }
}
