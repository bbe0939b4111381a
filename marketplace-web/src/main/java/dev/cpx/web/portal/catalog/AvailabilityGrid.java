package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.market.MarketQueries.AskTotal;
import dev.cpx.core.money.Money;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One class in one region as a grid: a row per UTC day, a cell per delivery hour, each with the GPUs offered in its
 * open asks and the best ask. Built from the instruments and their ask totals, so it is a pure function of them.
 */
record AvailabilityGrid(List<Day> days, long maxOffered, long offeredGpuHours, int openHours) {

    static final int HOURS_PER_DAY = 24;
    /** Shades of an open cell with asks, from a little to the most any cell of the grid has. */
    static final int LEVELS = 4;

    /**
     * One delivery hour. {@code symbol} is null where no instrument is listed; only an open hour links to its
     * instrument and shows asks. {@code level} is 0 for no GPUs offered, else 1 to {@link #LEVELS} by share of the most.
     */
    record Cell(int hour, String symbol, InstrumentStatus status, long offered, String bestAsk, int orders,
                int level) {

        public boolean open() {
            return status == InstrumentStatus.OPEN;
        }

        /** The hour as the column names it, 00 to 23. */
        public String hourText() {
            return (hour < 10 ? "0" : "") + hour;
        }
    }

    record Day(LocalDate day, List<Cell> cells) {

        public long offered() {
            return cells.stream().filter(Cell::open).mapToLong(Cell::offered).sum();
        }
    }

    static AvailabilityGrid of(LocalDate firstDay, int dayCount, List<InstrumentView> instruments,
                               Map<Long, AskTotal> asks) {
        // Hourly instruments only: a daily one of an earlier version has no single cell.
        List<InstrumentView> hourly = instruments.stream().filter(i -> i.hours() == 1).toList();
        Map<LocalDate, InstrumentView[]> byDay = new HashMap<>();
        for (InstrumentView instrument : hourly) {
            byDay.computeIfAbsent(instrument.deliveryDay(), d -> new InstrumentView[HOURS_PER_DAY])
                    [instrument.deliveryStart().atZone(ZoneOffset.UTC).getHour()] = instrument;
        }
        long max = hourly.stream().filter(i -> i.status() == InstrumentStatus.OPEN)
                .mapToLong(i -> offered(asks.get(i.id()))).max().orElse(0);
        var days = new ArrayList<Day>(dayCount);
        long total = 0;
        int open = 0;
        for (int d = 0; d < dayCount; d++) {
            LocalDate day = firstDay.plusDays(d);
            InstrumentView[] hours = byDay.getOrDefault(day, new InstrumentView[HOURS_PER_DAY]);
            var cells = new ArrayList<Cell>(HOURS_PER_DAY);
            for (int h = 0; h < HOURS_PER_DAY; h++) {
                Cell cell = cell(h, hours[h], hours[h] == null ? null : asks.get(hours[h].id()), max);
                cells.add(cell);
                if (cell.open()) {
                    total += cell.offered();
                    open++;
                }
            }
            days.add(new Day(day, List.copyOf(cells)));
        }
        return new AvailabilityGrid(List.copyOf(days), max, total, open);
    }

    private static Cell cell(int hour, InstrumentView instrument, AskTotal ask, long max) {
        if (instrument == null) {
            return new Cell(hour, null, null, 0, null, 0, 0);
        }
        if (instrument.status() != InstrumentStatus.OPEN) {
            // Past its gate the hour takes no order: what rests there is not for sale, so it is not shown.
            return new Cell(hour, instrument.symbol(), instrument.status(), 0, null, 0, 0);
        }
        long offered = offered(ask);
        return new Cell(hour, instrument.symbol(), instrument.status(), offered,
                ask == null ? null : Money.format(ask.bestPriceTicks()), ask == null ? 0 : ask.orders(),
                level(offered, max));
    }

    /** 0 for none, else 1 to {@link #LEVELS}: the share of the grid's largest offer, rounded up to a level. */
    static int level(long offered, long max) {
        if (offered <= 0 || max <= 0) {
            return 0;
        }
        return (int) Math.min(LEVELS, (offered * LEVELS + max - 1) / max);
    }

    private static long offered(AskTotal ask) {
        return ask == null ? 0 : ask.quantity();
    }
}
