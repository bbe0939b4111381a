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
        String filled = order.filledQuantity() == 0 ? null
                : order.filledQuantity() + " at " + Money.formatAverage(order.filledValueTicks(), order.filledQuantity());
        String limit = order.priceTicks() == null ? "" : " at " + Money.format(order.priceTicks());
        return switch (order.status()) {
            case FILLED -> new Message("success", prefix + "FILLED " + filled + ".");
            case PARTIALLY_FILLED -> new Message("success", prefix + "PARTIALLY FILLED " + filled + "; "
                    + order.remainingQuantity() + " resting" + limit + ".");
            case NEW -> new Message("info", prefix + "resting " + order.remainingQuantity() + limit
                    + ", waiting for a match.");
            case CANCELLED -> new Message("warn", prefix + (filled == null ? "nothing filled" : "filled " + filled)
                    + "; the rest was cancelled (" + order.timeInForce() + " or no matching counter-orders).");
            case EXPIRED -> new Message("warn", prefix + "EXPIRED: the market closed.");
        };
    }
}
