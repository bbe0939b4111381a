package dev.cpx.web.portal.market;

import dev.cpx.core.market.TradeView;
import dev.cpx.core.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A step chart of trade prices on a time axis: each trade at its execution time, from the oldest drawn trade
 * ({@link #from}) at the left edge to the newest ({@link #to}) at the right, as SVG paths in a fixed
 * {@value #WIDTH}x{@value #HEIGHT} view box. market.js draws the same geometry when trades arrive live.
 */
record PriceChart(String line, String area, String high, String low, Instant from, Instant to, int trades) {

    static final int WIDTH = 600;
    static final int HEIGHT = 200;
    static final int PAD_TOP = 12;
    static final int PAD_BOTTOM = 12;
    static final int MAX_TRADES = 200;

    static PriceChart of(List<TradeView> newestFirst) {
        List<TradeView> trades = newestFirst.stream().limit(MAX_TRADES).toList().reversed();
        if (trades.isEmpty()) {
            return new PriceChart("", "", null, null, null, null, 0);
        }
        long high = trades.stream().mapToLong(TradeView::priceTicks).max().orElseThrow();
        long low = trades.stream().mapToLong(TradeView::priceTicks).min().orElseThrow();
        Instant from = trades.getFirst().executedAt();
        Instant to = trades.getLast().executedAt();
        long spanMillis = Duration.between(from, to).toMillis();
        var line = new StringBuilder();
        double lastX = 0;
        for (int i = 0; i < trades.size(); i++) {
            TradeView trade = trades.get(i);
            double x = spanMillis <= 0 ? 0
                    : Duration.between(from, trade.executedAt()).toMillis() * (double) WIDTH / spanMillis;
            double y = y(trade.priceTicks(), high, low);
            if (i == 0) {
                line.append("M").append(fmt(x)).append(' ').append(fmt(y));
            } else {
                line.append(" H").append(fmt(x)).append(" V").append(fmt(y));
            }
            lastX = x;
        }
        if (lastX < WIDTH) {
            // Trades at one instant: the last price holds across the chart.
            line.append(" H").append(WIDTH);
        }
        String area = line + " V" + HEIGHT + " H0 Z";
        return new PriceChart(line.toString(), area, Money.format(high), Money.format(low), from, to, trades.size());
    }

    private static double y(long price, long high, long low) {
        if (high == low) {
            return HEIGHT / 2.0;
        }
        double span = HEIGHT - PAD_TOP - PAD_BOTTOM;
        return PAD_TOP + (high - price) * span / (high - low);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
