package dev.cpx.web.api.market;

import dev.cpx.core.ledger.AccountBalances;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.market.OfferView;
import dev.cpx.core.market.OrderView;
import dev.cpx.core.market.TradeView;
import dev.cpx.core.money.Money;
import java.util.List;

/** The market's JSON shapes as the API contract writes them; money and prices as decimal strings. */
final class MarketResponses {

    private MarketResponses() {
    }

    record Fill(long tradeId, String price, long quantity, long contractId) {
    }

    record Order(long orderId, String clientOrderId, String instrument, String side, String type,
                 String timeInForce, String price, long quantity, long filledQuantity, long remainingQuantity,
                 String averagePrice, String status, String createdAt, List<Fill> trades,
                 @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                 String cancelReason, String project) {

        static Order of(OrderView view) {
            return new Order(view.orderId(), view.clientOrderId(), view.instrument(), view.side().name(),
                    view.type().name(), view.timeInForce().name(),
                    view.priceTicks() == null ? null : Money.format(view.priceTicks()), view.quantity(),
                    view.filledQuantity(), view.remainingQuantity(),
                    Money.formatAverage(view.filledValueTicks(), view.filledQuantity()), view.status().name(),
                    view.createdAt().toString(),
                    view.trades().stream().map(t -> new Fill(t.tradeId(), Money.format(t.priceTicks()), t.quantity(),
                            t.contractId())).toList(), view.cancelReason(), view.project());
        }
    }

    record Level(String price, long quantity, int orderCount) {
    }

    record Book(String symbol, List<Level> bids, List<Level> asks) {

        static Book of(BookView view) {
            return new Book(view.symbol(), levels(view.bids()), levels(view.asks()));
        }

        private static List<Level> levels(List<BookView.Level> levels) {
            return levels.stream().map(l -> new Level(Money.format(l.priceTicks()), l.quantity(), l.orderCount()))
                    .toList();
        }
    }

    record Trade(long tradeId, String price, long quantity, String executedAt, String aggressorSide) {

        static Trade of(TradeView view) {
            return new Trade(view.tradeId(), Money.format(view.priceTicks()), view.quantity(),
                    view.executedAt().toString(), view.aggressorSide().name());
        }
    }

    record Offer(String instrument, String computeClass, String region, String deliveryStart, String deliveryEnd,
                 String provider, String price, long quantity, String scu, String pricePerScuHour) {

        static Offer of(OfferView view) {
            return new Offer(view.instrument(), view.computeClass(), view.region(), view.deliveryStart().toString(),
                    view.deliveryEnd().toString(), view.provider(), Money.format(view.priceTicks()), view.quantity(),
                    view.scu().toPlainString(),
                    view.pricePerScuHour() == null ? null : view.pricePerScuHour().toPlainString());
        }
    }

    record Contract(long contractId, String instrument, String buyer, String provider, long quantity, String price,
                    String deliveryStart, String deliveryEnd, String value, String status, List<String> allocations,
                    String project) {

        static Contract of(ContractView view) {
            return new Contract(view.contractId(), view.instrument(), view.buyer(), view.provider(), view.quantity(),
                    Money.format(view.priceTicks()), view.deliveryStart().toString(), view.deliveryEnd().toString(),
                    Money.format(view.valueMinor()), view.status(), view.allocations(), view.project());
        }
    }

    record Account(String organization, String currency, String available, String held, String creditLimit,
                   String escrow, Limits spendLimits, String spentToday) {

        static Account of(String organization, String currency, AccountBalances balances, long creditLimitMinor,
                          dev.cpx.core.market.Spending spending) {
            return new Account(organization, currency, Money.format(balances.availableMinor()),
                    Money.format(balances.heldMinor()), Money.format(creditLimitMinor),
                    Money.format(balances.escrowMinor()), Limits.of(spending),
                    Money.format(spending.spentTodayMinor()));
        }
    }

    /** Spend limits per order and per UTC day, null where there is none. */
    record Limits(String perOrder, String perDay) {

        static Limits of(dev.cpx.core.market.Spending spending) {
            return new Limits(SpendLimits.format(spending.perOrderLimitMinor()),
                    SpendLimits.format(spending.perDayLimitMinor()));
        }
    }

    /** Null where there is no limit; {@code spentToday} is the current UTC day's, fees included. */
    record SpendLimits(String perOrder, String perDay, String spentToday) {

        static SpendLimits of(dev.cpx.core.market.Spending spending) {
            return new SpendLimits(format(spending.perOrderLimitMinor()), format(spending.perDayLimitMinor()),
                    Money.format(spending.spentTodayMinor()));
        }

        static String format(Long minor) {
            return minor == null ? null : Money.format(minor);
        }
    }
}
