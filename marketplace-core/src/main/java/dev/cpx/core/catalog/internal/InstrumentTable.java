package dev.cpx.core.catalog.internal;

import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.catalog.CalendarHours.Window;
import dev.cpx.core.catalog.InstrumentOrder;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.time.UtcColumns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Bulk access to the instrument table over plain JDBC: a horizon of hourly instruments is tens of thousands of
 * rows, which one-by-one entity inserts take seconds to write (multi-row inserts take a few statements) and which
 * pages must skip in the database, not in memory.
 */
@Component
public class InstrumentTable {

    private static final List<String> COLUMNS = List.of("symbol", "compute_class_code", "region_code",
            "delivery_start", "delivery_end", "gate_closure_at", "created_at");
    /** Far below the servers' placeholder limits (65,535 on MySQL), and a statement of a few hundred kB. */
    private static final int ROWS_PER_STATEMENT = 2_000;
    /** The longest instrument ever listed (the daily ones of earlier versions): bounds the overlap query by index. */
    private static final Duration LONGEST_INSTRUMENT = Duration.ofDays(1);

    private final JdbcTemplate jdbc;

    InstrumentTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Listed windows that overlap {@code [from, until)}. */
    public List<Window> windowsOverlapping(Instant from, Instant until) {
        return jdbc.query("select compute_class_code, region_code, delivery_start, delivery_end from instrument "
                        + "where delivery_start >= ? and delivery_start < ? and delivery_end > ?",
                (rs, n) -> new Window(rs.getString(1), rs.getString(2), UtcColumns.instant(rs, 3),
                        UtcColumns.instant(rs, 4)),
                utc(from.minus(LONGEST_INSTRUMENT)), utc(until), utc(from));
    }

    /** How many instruments deliver from {@code from} (inclusive) to {@code until}: the cheap check first. */
    public long countStarting(Instant from, Instant until) {
        Long count = jdbc.queryForObject("select count(*) from instrument where delivery_start >= ? "
                + "and delivery_start < ?", Long.class, utc(from), utc(until));
        return count == null ? 0 : count;
    }

    /**
     * One page of instruments matching {@code filter} in {@code order}; the database skips and limits, so a page
     * deep into tens of thousands of instruments costs the page. Ordering by price joins each instrument's best open
     * ask, grouped from the open asks alone (an index holds the open orders by side): most books are empty, so that is
     * a small set, whatever the number of past orders.
     */
    public List<InstrumentView> page(Filter filter, InstrumentOrder order, int offset, int limit, Instant now) {
        var sql = new StringBuilder("select i.id, i.symbol, i.compute_class_code, i.region_code, i.delivery_start, "
                + "i.delivery_end, i.gate_closure_at from instrument i");
        boolean byAsk = order.key() == InstrumentOrder.Key.ASK || order.key() == InstrumentOrder.Key.ASK_PER_SCU;
        if (byAsk) {
            sql.append(" left join (select instrument_id, min(price_ticks) best_ask from market_order")
                    .append(OPEN_ASKS).append(" group by instrument_id) a on a.instrument_id = i.id");
        }
        var args = new ArrayList<Object>();
        where(filter, sql, args);
        sql.append(" order by ");
        if (!order.pairRank().isEmpty()) {
            sql.append("case");
            order.pairRank().forEach((pair, rank) -> {
                int bar = pair.indexOf('|');
                sql.append(" when i.compute_class_code = ? and i.region_code = ? then ?");
                args.add(pair.substring(0, bar));
                args.add(pair.substring(bar + 1));
                args.add(rank);
            });
            sql.append(" else ? end, ");
            args.add(Integer.MAX_VALUE);
        }
        sql.append(switch (order.key()) {
            case DELIVERY -> "i.delivery_start, i.compute_class_code, i.region_code";
            case CLASS -> "i.compute_class_code, i.delivery_start, i.region_code";
            case REGION -> "i.region_code, i.delivery_start, i.compute_class_code";
            case ASK -> "case when a.best_ask is null then 1 else 0 end, a.best_ask, "
                    + "i.delivery_start, i.compute_class_code, i.region_code";
            // The class's SCU looked up per row: joined, MariaDB drives the whole query from the class table.
            case ASK_PER_SCU -> "case when a.best_ask is null then 1 else 0 end, "
                    + "a.best_ask / (select cc.scu from compute_class cc where cc.code = i.compute_class_code), "
                    + "i.delivery_start, i.compute_class_code, i.region_code";
        }).append(", i.id limit ? offset ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), (rs, n) -> {
            Instant start = UtcColumns.instant(rs, 5);
            Instant end = UtcColumns.instant(rs, 6);
            Instant gate = UtcColumns.instant(rs, 7);
            return new InstrumentView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), start, end,
                    gate, InstrumentStatus.at(now, gate, start, end));
        }, args.toArray());
    }

    public long count(Filter filter) {
        var sql = new StringBuilder("select count(*) from instrument i");
        var args = new ArrayList<Object>();
        where(filter, sql, args);
        Long count = jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /**
     * Class, region, delivery-start bounds and a status expressed as bounds on the clock (status is a function of now
     * and the instrument's three instants, so it is never stored); null fields do not filter. {@code minMemoryGb}
     * keeps the classes with at least that memory per GPU, {@code offeredOnly} the instruments with an open ask.
     */
    public record Filter(String computeClass, String region, Instant from, Instant to, Instant gateAfter,
                         Instant gateAtOrBefore, Instant startAfter, Instant startAtOrBefore, Instant endAfter,
                         Instant endAtOrBefore, Integer minMemoryGb, boolean offeredOnly) {
    }

    /** The market's open sell orders (its table, read as the market's own book queries read it). */
    private static final String OPEN_ASKS = " where side = 'SELL' and status in ('NEW', 'PARTIALLY_FILLED')";

    private static void where(Filter f, StringBuilder sql, List<Object> args) {
        var clauses = new ArrayList<String>();
        add(clauses, args, "i.compute_class_code = ?", f.computeClass());
        add(clauses, args, "i.region_code = ?", f.region());
        add(clauses, args, "i.delivery_start >= ?", utc(f.from()));
        add(clauses, args, "i.delivery_start < ?", utc(f.to()));
        add(clauses, args, "i.gate_closure_at > ?", utc(f.gateAfter()));
        add(clauses, args, "i.gate_closure_at <= ?", utc(f.gateAtOrBefore()));
        add(clauses, args, "i.delivery_start > ?", utc(f.startAfter()));
        add(clauses, args, "i.delivery_start <= ?", utc(f.startAtOrBefore()));
        add(clauses, args, "i.delivery_end > ?", utc(f.endAfter()));
        add(clauses, args, "i.delivery_end <= ?", utc(f.endAtOrBefore()));
        add(clauses, args, "i.compute_class_code in (select code from compute_class where memory_gb >= ?)",
                f.minMemoryGb());
        if (f.offeredOnly()) {
            clauses.add("i.id in (select instrument_id from market_order" + OPEN_ASKS + ")");
        }
        if (!clauses.isEmpty()) {
            sql.append(" where ").append(String.join(" and ", clauses));
        }
    }

    private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
        if (value != null) {
            clauses.add(clause);
            args.add(value);
        }
    }

    /**
     * Inserts the windows as instruments named by {@code symbol}, trading closing {@code gateClosure} before; outside
     * a transaction each statement commits by itself.
     */
    public void insert(List<Window> windows, Function<Window, String> symbol, Duration gateClosure, Instant now) {
        String row = "(" + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")";
        for (int from = 0; from < windows.size(); from += ROWS_PER_STATEMENT) {
            List<Window> part = windows.subList(from, Math.min(windows.size(), from + ROWS_PER_STATEMENT));
            var sql = new StringBuilder("insert into instrument (").append(String.join(", ", COLUMNS))
                    .append(") values ").append(String.join(", ", Collections.nCopies(part.size(), row)));
            var args = new ArrayList<Object>(part.size() * COLUMNS.size());
            for (Window w : part) {
                args.add(symbol.apply(w));
                args.add(w.computeClass());
                args.add(w.region());
                args.add(utc(w.start()));
                args.add(utc(w.end()));
                args.add(utc(w.start().minus(gateClosure)));
                args.add(utc(now));
            }
            jdbc.update(sql.toString(), args.toArray());
        }
    }
}
