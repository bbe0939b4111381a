package dev.cpx.web.portal.market;

import dev.cpx.core.market.BookView;
import dev.cpx.core.market.TradeView;
import dev.cpx.core.money.Money;
import java.util.List;

/**
 * What the instrument page's live feed sends: the aggregated book and the latest trades, prices as decimal
 * strings (the API's convention), times as ISO-8601 UTC.
 */
record MarketUpdate(String symbol, Book book, List<Trade> trades) {

    /** Trades carried by one update; the page keeps its own longer history for the chart. */
    static final int TRADES_PER_UPDATE = 20;

    static MarketUpdate of(BookView book, List<TradeView> newestFirst) {
        return new MarketUpdate(book.symbol(), Book.of(book),
                newestFirst.stream().limit(TRADES_PER_UPDATE).map(Trade::of).toList());
    }

    record Book(List<Level> bids, List<Level> asks, String last, String bestBid, String bestAsk) {

        static Book of(BookView view) {
            return new Book(levels(view.bids()), levels(view.asks()), price(view.lastPriceTicks()),
                    price(view.bestBidTicks()), price(view.bestAskTicks()));
        }

        private static List<Level> levels(List<BookView.Level> levels) {
            return levels.stream().map(l -> new Level(Money.format(l.priceTicks()), l.quantity(), l.orderCount()))
                    .toList();
        }
    }

    record Level(String price, long quantity, int orderCount) {
    }

    record Trade(long tradeId, String price, long quantity, String executedAt, String aggressorSide) {

        static Trade of(TradeView view) {
            return new Trade(view.tradeId(), Money.format(view.priceTicks()), view.quantity(),
                    view.executedAt().toString(), view.aggressorSide().name());
        }
    }

    static String price(Long ticks) {
        return ticks == null ? null : Money.format(ticks);
    }
}
