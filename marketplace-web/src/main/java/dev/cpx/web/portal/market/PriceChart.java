package dev.cpx.web.portal.market;

import dev.cpx.core.market.TradeView;
import dev.cpx.core.money.Money;
import java.util.List;
import java.util.Locale;

/**
 * A step chart of trade prices, oldest to newest at equal spacing, drawn as SVG paths in a fixed
 * {@value #WIDTH}x{@value #HEIGHT} view box. market.js draws the same geometry when trades arrive live.
 */
record PriceChart(String line, String area, String high, String low, String lastY, int trades) {

    static final int WIDTH = 600;
    static final int HEIGHT = 200;
    static final int PAD_TOP = 12;
    static final int PAD_BOTTOM = 12;
    static final int MAX_TRADES = 200;

    static PriceChart of(List<TradeView> newestFirst) {
        List<TradeView> trades = newestFirst.stream().limit(MAX_TRADES).toList().reversed();
        if (trades.isEmpty()) {
            return new PriceChart("", "", null, null, null, 0);
        }
        long high = trades.stream().mapToLong(TradeView::priceTicks).max().orElseThrow();
        long low = trades.stream().mapToLong(TradeView::priceTicks).min().orElseThrow();
        double step = trades.size() == 1 ? WIDTH : (double) WIDTH / (trades.size() - 1);
        var line = new StringBuilder();
        double previousY = 0;
        for (int i = 0; i < trades.size(); i++) {
            double x = trades.size() == 1 ? 0 : i * step;
            double y = y(trades.get(i).priceTicks(), high, low);
            if (i == 0) {
                line.append("M").append(fmt(x)).append(' ').append(fmt(y));
            } else {
                line.append(" H").append(fmt(x)).append(" V").append(fmt(y));
            }
            previousY = y;
        }
        if (trades.size() == 1) {
            line.append(" H").append(WIDTH);
        }
        String area = line + " V" + HEIGHT + " H0 Z";
        return new PriceChart(line.toString(), area, Money.format(high), Money.format(low), fmt(previousY),
                trades.size());
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
