package dev.cpx.core.market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPX price index of one compute class in one region, per UTC trade date, from executed trades only
 * (methodology {@value #METHODOLOGY}, docs/price-index.md): the volume-weighted average price per GPU-hour after
 * trimming {@value #TRIM_PERCENT}% of the day's GPU-hours at each end of the price range (only on days with at least
 * {@value #MIN_TRADES_TO_TRIM} trades, so one odd trade cannot move a thin day's index alone either way it is
 * counted); a day without trades carries the last value for at most {@value #MAX_CARRY_DAYS} days and says from
 * which date; after that it has no value. Pure arithmetic: the caller reads the trades.
 */
public final class PriceIndex {

    public static final String METHODOLOGY = "cpx-vwap-trim10-v1";
    public static final int TRIM_PERCENT = 10;
    public static final int MIN_TRADES_TO_TRIM = 5;
    public static final int MAX_CARRY_DAYS = 7;

    /** One executed trade: its UTC date, price per GPU-hour in ticks, and GPU-hours (GPUs x delivery hours). */
    public record Trade(LocalDate date, long priceTicks, long gpuHours) {
    }

    /**
     * The index on one date: {@code priceTicks} null when there is no value; {@code carriedFrom} the trade date the
     * value comes from when the day itself had no trades.
     */
    public record Point(LocalDate date, Long priceTicks, BigDecimal pricePerScuHour, long volumeGpuHours, int trades,
                       LocalDate carriedFrom) {
    }

    private PriceIndex() {
    }

    /**
     * The index for every date of {@code [from, to]}; {@code trades} may start up to {@link #MAX_CARRY_DAYS} before
     * {@code from}, so the first days can carry a value.
     */
    public static List<Point> series(List<Trade> trades, BigDecimal scuPerGpu, LocalDate from, LocalDate to) {
        Map<LocalDate, List<Trade>> byDate = new TreeMap<>();
        for (Trade trade : trades) {
            byDate.computeIfAbsent(trade.date(), d -> new ArrayList<>()).add(trade);
        }
        var points = new ArrayList<Point>();
        LocalDate lastDate = null;
        Long lastPrice = null;
        for (LocalDate date = from.minusDays(MAX_CARRY_DAYS); !date.isAfter(to); date = date.plusDays(1)) {
            List<Trade> day = byDate.getOrDefault(date, List.of());
            if (!day.isEmpty()) {
                lastPrice = trimmedVwapTicks(day);
                lastDate = date;
            }
            if (date.isBefore(from)) {
                continue;
            }
            boolean fresh = lastDate != null && !date.isAfter(lastDate.plusDays(MAX_CARRY_DAYS));
            Long price = fresh ? lastPrice : null;
            points.add(new Point(date, price, perScuHour(price, scuPerGpu),
                    day.stream().mapToLong(Trade::gpuHours).sum(), day.size(),
                    fresh && !date.equals(lastDate) ? lastDate : null));
        }
        return points;
    }

    /** Volume-weighted average after trimming the top and bottom {@value #TRIM_PERCENT}% of GPU-hours by price. */
    static long trimmedVwapTicks(List<Trade> day) {
        List<Trade> sorted = new ArrayList<>(day);
        sorted.sort(Comparator.comparingLong(Trade::priceTicks));
        long volume = sorted.stream().mapToLong(Trade::gpuHours).sum();
        long trim = sorted.size() >= MIN_TRADES_TO_TRIM ? volume * TRIM_PERCENT / 100 : 0;
        long low = trim;
        long high = volume - trim;
        long position = 0;
        BigDecimal value = BigDecimal.ZERO;
        for (Trade trade : sorted) {
            long start = Math.max(position, low);
            long end = Math.min(position + trade.gpuHours(), high);
            if (end > start) {
                value = value.add(BigDecimal.valueOf(trade.priceTicks()).multiply(BigDecimal.valueOf(end - start)));
            }
            position += trade.gpuHours();
        }
        return value.divide(BigDecimal.valueOf(high - low), 0, RoundingMode.HALF_UP).longValueExact();
    }

    private static BigDecimal perScuHour(Long priceTicks, BigDecimal scuPerGpu) {
        if (priceTicks == null || scuPerGpu == null || scuPerGpu.signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(priceTicks, 2).divide(scuPerGpu, 4, RoundingMode.HALF_UP);
    }
}
