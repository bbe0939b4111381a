package dev.cpx.benchmarks.market;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Hourly instruments, {@code <CLASS>.<REGION>.<YYYY-MM-DD>T<HH>}, as the market calendar lists them, for every
 * compute class and region, hour by hour and day by day, until enough instruments are open. They go after the
 * calendar's own (its horizon of hourly instruments is most of the target already), two days after its last day:
 * the calendar extends its horizon by a day at midnight UTC without meeting them.
 */
final class HourlyInstruments {

    /** The application's default {@code cpx.market.gate-closure}. */
    static final Duration GATE_CLOSURE = Duration.ofHours(1);
    private static final int ROWS_PER_EXECUTE = 5_000;

    private final Connection db;
    private final MarketSchema schema;

    HourlyInstruments(Connection db, MarketSchema schema) {
        this.db = db;
        this.schema = schema;
    }

    /** Adds hourly instruments until {@code target} are open at {@code now}; returns how many it added. */
    int addUntilOpen(int target, Instant now) throws SQLException {
        int open = schema.countOpenInstruments(now);
        if (open > target) {
            throw new IllegalStateException(open + " instruments are already open (the calendar's own); "
                    + "ask for at least that many");
        }
        int missing = target - open;
        List<String> classes = schema.codes("compute_class");
        List<String> regions = schema.codes("region");
        LocalDate day = lastDeliveryDay().plusDays(2);
        int added = 0;
        try (PreparedStatement insert = db.prepareStatement("insert into instrument (symbol, compute_class_code, "
                + "region_code, delivery_start, delivery_end, gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            while (added < missing) {
                for (int hour = 0; hour < 24 && added < missing; hour++) {
                    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(hour));
                    for (int c = 0; c < classes.size() && added < missing; c++) {
                        for (int r = 0; r < regions.size() && added < missing; r++) {
                            add(insert, classes.get(c), regions.get(r), day, hour, start, now);
                            if (++added % ROWS_PER_EXECUTE == 0) {
                                insert.executeBatch();
                            }
                        }
                    }
                }
                day = day.plusDays(1);
            }
            insert.executeBatch();
        }
        return added;
    }

    private static void add(PreparedStatement insert, String computeClass, String region, LocalDate day, int hour,
                            Instant start, Instant now) throws SQLException {
        insert.setString(1, computeClass + "." + region + "." + day + "T" + String.format("%02d", hour));
        insert.setString(2, computeClass);
        insert.setString(3, region);
        insert.setObject(4, RestingMarketFixtures.utc(start));
        insert.setObject(5, RestingMarketFixtures.utc(start.plus(Duration.ofHours(1))));
        insert.setObject(6, RestingMarketFixtures.utc(start.minus(GATE_CLOSURE)));
        insert.setObject(7, RestingMarketFixtures.utc(now));
        insert.addBatch();
    }

    private LocalDate lastDeliveryDay() throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select max(delivery_start) from instrument");
             var rs = st.executeQuery()) {
            rs.next();
            var last = rs.getObject(1, java.time.LocalDateTime.class);
            if (last == null) {
                throw new IllegalStateException("no instruments yet: start the application once to list the calendar");
            }
            return last.toLocalDate();
        }
    }
}
