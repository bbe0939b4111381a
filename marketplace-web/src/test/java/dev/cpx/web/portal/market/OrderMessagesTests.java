package dev.cpx.web.portal.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.OrderView;
import dev.cpx.core.market.OrderView.Fill;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderMessagesTests {

    @Test
    void fillsAtOnePriceShowThatPrice() {
        var order = order(OrderStatus.FILLED, 12, 0, List.of(new Fill(1, 242, 8, 1), new Fill(2, 242, 4, 2)), null);

        assertThat(OrderMessages.placed(order, true).text()).isEqualTo("Order 7 placed: FILLED 12 at 2.42.");
    }

    @Test
    void fillsAtSeveralPricesSayTheFigureIsAnAverageAndGiveTheRange() {
        // 8 at 2.40 and 4 at 2.45: 29.00 / 12 = 2.4166... rounds to 2.42.
        var order = order(OrderStatus.FILLED, 12, 0, List.of(new Fill(1, 240, 8, 1), new Fill(2, 245, 4, 2)), null);

        assertThat(OrderMessages.placed(order, true).text())
                .isEqualTo("Order 7 placed: FILLED 12 at an average of 2.42 (2.40 to 2.45).");
    }

    @Test
    void selfTradePreventionIsNamedAsTheReasonForTheCancelledRest() {
        var order = order(OrderStatus.CANCELLED, 2, 0, List.of(new Fill(1, 199, 2, 1)), OrderView.SELF_TRADE);

        var message = OrderMessages.placed(order, true);

        assertThat(message.tone()).isEqualTo("warn");
        assertThat(message.text()).isEqualTo("Order 7 placed: filled 2 at 1.99; the rest was cancelled: it would have "
                + "traded with a resting order of your own organization (self-trade prevention). Cancel or reprice "
                + "that order to trade past it.");
    }

    @Test
    void anImmediateOrderWithNothingToMatchSaysSoWithoutBlamingASelfTrade() {
        var order = order(OrderStatus.CANCELLED, 0, 0, List.of(), null);

        assertThat(OrderMessages.placed(order, true).text()).isEqualTo(
                "Order 7 placed: nothing filled; the rest was cancelled (IOC or no matching counter-orders).");
    }

    private static OrderView order(OrderStatus status, long filled, long remaining, List<Fill> fills,
                                   String cancelReason) {
        long value = fills.stream().mapToLong(f -> f.priceTicks() * f.quantity()).sum();
        return new OrderView(7, "c-7", "H100-SXM-80G.CN-EAST.2026-12-01", Side.BUY, OrderType.LIMIT, TimeInForce.IOC,
                250L, 12, filled, remaining, value, status, Instant.parse("2026-11-30T10:00:00Z"), fills, cancelReason,
                null);
    }
}
