package dev.cpx.web.portal.market;

import dev.cpx.core.market.OrderView;
import dev.cpx.core.money.Money;

/** The one-line outcome of a placed order, as the flash message after the ticket shows it. */
final class OrderMessages {

    private OrderMessages() {
    }

    /** A tone (success, info, warn) and the text. */
    record Message(String tone, String text) {
    }

    static Message placed(OrderView order, boolean created) {
        String prefix = created ? "Order " + order.orderId() + " placed: "
                : "Order " + order.orderId() + " was already placed from this ticket: ";
        String filled = order.filledQuantity() == 0 ? null : order.filledQuantity() + filledPrice(order);
        String limit = order.priceTicks() == null ? "" : " at " + Money.format(order.priceTicks());
        return switch (order.status()) {
            case FILLED -> new Message("success", prefix + "FILLED " + filled + ".");
            case PARTIALLY_FILLED -> new Message("success", prefix + "PARTIALLY FILLED " + filled + "; "
                    + order.remainingQuantity() + " resting" + limit + ".");
            case NEW -> new Message("info", prefix + "resting " + order.remainingQuantity() + limit
                    + ", waiting for a match.");
            case CANCELLED -> new Message("warn", prefix + (filled == null ? "nothing filled" : "filled " + filled)
                    + "; " + cancelled(order));
            case EXPIRED -> new Message("warn", prefix + "EXPIRED: the market closed.");
        };
    }

    /** One price when every fill had it; otherwise the quantity-weighted average, named so, and the range. */
    private static String filledPrice(OrderView order) {
        var prices = order.trades().stream().mapToLong(OrderView.Fill::priceTicks).summaryStatistics();
        String average = Money.formatAverage(order.filledValueTicks(), order.filledQuantity());
        if (prices.getCount() > 0 && prices.getMin() == prices.getMax()) {
            return " at " + average;
        }
        String range = prices.getCount() == 0 ? ""
                : " (" + Money.format(prices.getMin()) + " to " + Money.format(prices.getMax()) + ")";
        return " at an average of " + average + range;
    }

    private static String cancelled(OrderView order) {
        if (OrderView.SELF_TRADE.equals(order.cancelReason())) {
            return "the rest was cancelled: it would have traded with a resting order of your own organization "
                    + "(self-trade prevention). Cancel or reprice that order to trade past it.";
        }
        return "the rest was cancelled (" + order.timeInForce() + " or no matching counter-orders).";
    }
}
