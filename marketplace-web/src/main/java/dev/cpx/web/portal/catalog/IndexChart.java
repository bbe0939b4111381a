package dev.cpx.web.portal.catalog;

import dev.cpx.core.market.PriceIndex;
import dev.cpx.core.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One class and region's daily price index as a line on a date axis, one point per UTC date from {@link #from} at
 * the left edge to {@link #to} at the right, as SVG paths in a fixed {@value #WIDTH}x{@value #HEIGHT} view box: days
 * with trades on a solid line with a dot each, days that carry an earlier value on a dashed line, days without a
 * value (stale) as a gap. The figures behind it are in {@link #days} and its summary in {@link #summary}.
 */
record IndexChart(String computeClass, String region, LocalDate from, LocalDate to, String line, String carried,
                  String dots, String high, String low, List<Tick> ticks, List<Day> days, int tradedDays,
                  int carriedDays, int emptyDays, String summary) {

    static final int WIDTH = 600;
    static final int HEIGHT = 200;
    static final int PAD = 14;

    /**
     * A labelled date on the axis at {@code x} in the view box, {@code leftPercent} along it; its label is aligned
     * {@code start}, {@code middle} or {@code end} on it so that labels at the edges stay inside the chart.
     */
    record Tick(LocalDate date, String x, String leftPercent, String align) {
    }

    /** One date's figures; {@code price} null when the index has no value (no trade in the last 7 days). */
    record Day(LocalDate date, String price, String pricePerScuHour, int trades, long volumeGpuHours,
               LocalDate carriedFrom) {
    }

    /** The chart of {@code points}, one per date in order, labelling the axis every {@code tickDays} days back from the last. */
    static IndexChart of(String computeClass, String region, List<PriceIndex.Point> points, int tickDays) {
        if (points.isEmpty() || tickDays < 1) {
            throw new IllegalArgumentException("a chart needs points and a tick step");
        }
        Long high = points.stream().map(PriceIndex.Point::priceTicks).filter(p -> p != null).max(Long::compare)
                .orElse(null);
        Long low = points.stream().map(PriceIndex.Point::priceTicks).filter(p -> p != null).min(Long::compare)
                .orElse(null);
        var line = new StringBuilder();
        var carried = new StringBuilder();
        var dots = new StringBuilder();
        int n = points.size();
        for (int i = 0; i < n; i++) {
            PriceIndex.Point point = points.get(i);
            if (point.priceTicks() == null) {
                continue;
            }
            String at = fmt(x(i, n)) + " " + fmt(y(point.priceTicks(), high, low));
            boolean own = point.carriedFrom() == null;
            PriceIndex.Point previous = i == 0 ? null : points.get(i - 1);
            if (previous != null && previous.priceTicks() != null) {
                StringBuilder path = own ? line : carried;
                path.append(sep(path)).append("M").append(fmt(x(i - 1, n))).append(' ')
                        .append(fmt(y(previous.priceTicks(), high, low))).append(" L").append(at);
            }
            if (own) {
                dots.append(sep(dots)).append("M").append(at).append(" h0");
            }
        }
        List<Day> days = points.stream().map(p -> new Day(p.date(), p.priceTicks() == null ? null
                : Money.format(p.priceTicks()), p.pricePerScuHour() == null ? null : p.pricePerScuHour().toPlainString(),
                p.trades(), p.volumeGpuHours(), p.carriedFrom())).toList();
        int traded = (int) points.stream().filter(p -> p.priceTicks() != null && p.carriedFrom() == null).count();
        int carriedDays = (int) points.stream().filter(p -> p.carriedFrom() != null).count();
        int empty = (int) points.stream().filter(p -> p.priceTicks() == null).count();
        LocalDate from = points.getFirst().date();
        LocalDate to = points.getLast().date();
        return new IndexChart(computeClass, region, from, to, line.toString(), carried.toString(), dots.toString(),
                high == null ? null : Money.format(high), low == null ? null : Money.format(low),
                ticks(n, from, tickDays), days.reversed(), traded, carriedDays, empty,
                summary(computeClass, region, from, to, points, high, low, traded, carriedDays, empty));
    }

    private static List<Tick> ticks(int n, LocalDate from, int tickDays) {
        var ticks = new ArrayList<Tick>();
        for (int i = n - 1; i >= 0; i -= tickDays) {
            double percent = x(i, n) * 100 / WIDTH;
            ticks.add(new Tick(from.plusDays(i), fmt(x(i, n)), fmt(percent),
                    percent < 8 ? "start" : percent > 92 ? "end" : "middle"));
        }
        return ticks.reversed();
    }

    private static String summary(String computeClass, String region, LocalDate from, LocalDate to,
                                  List<PriceIndex.Point> points, Long high, Long low, int traded, int carried,
                                  int empty) {
        String window = computeClass + " in " + region + ", price index per GPU-hour from " + from + " to " + to;
        if (high == null) {
            return window + ": no value on any day.";
        }
        PriceIndex.Point latest = points.reversed().stream().filter(p -> p.priceTicks() != null).findFirst()
                .orElseThrow();
        return window + ": latest " + Money.format(latest.priceTicks()) + " on " + latest.date()
                + (latest.carriedFrom() == null ? "" : " (carried from " + latest.carriedFrom() + ")")
                + ", lowest " + Money.format(low) + ", highest " + Money.format(high) + "; " + traded + " "
                + days(traded) + " with trades, " + carried + " carried forward, " + empty + " without a value.";
    }

    private static String days(int count) {
        return count == 1 ? "day" : "days";
    }

    private static double x(int i, int n) {
        return n == 1 ? WIDTH / 2.0 : i * (double) WIDTH / (n - 1);
    }

    private static double y(long price, long high, long low) {
        if (high == low) {
            return HEIGHT / 2.0;
        }
        return PAD + (high - price) * (double) (HEIGHT - 2 * PAD) / (high - low);
    }

    private static String sep(StringBuilder path) {
        return path.isEmpty() ? "" : " ";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
