package dev.cpx.benchmarks.market;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Fills the application's database, over JDBC and while the application is stopped, with a large resting market
 * as the order path would have left it: hourly instruments until {@code instruments} are open, the sellers'
 * registered capacity, {@code orders} resting limit orders spread round-robin over the open instruments (bids
 * never cross asks, so the books are valid as they stand), and the bids' holds in the ledger. Then it checks the
 * database ({@link FixtureCheck}) and fails if anything is off.
 *
 * <p>Usage: {@code RestingMarketFixtures <jdbcUrl> <dbUser> <dbPassword> [instruments] [orders]} (30,000 and
 * 100,000). Prints one {@code FIXTURES} line of {@code key=value} fields.
 */
public final class RestingMarketFixtures {

    static final int MAX_INSTRUMENTS = 200_000;
    static final int MAX_ORDERS = 2_000_000;

    private RestingMarketFixtures() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: RestingMarketFixtures <jdbcUrl> <dbUser> <dbPassword> [instruments] [orders]");
            System.exit(2);
        }
        int instrumentTarget = args.length > 3 ? Integer.parseInt(args[3]) : 30_000;
        int orderCount = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;
        requireBetween("instruments", instrumentTarget, 1, MAX_INSTRUMENTS);
        requireBetween("orders", orderCount, 1, MAX_ORDERS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long started = System.nanoTime();
        try (Connection db = DriverManager.getConnection(args[0], args[1], args[2])) {
            db.setAutoCommit(false);
            var schema = new MarketSchema(db);
            int hourly = new HourlyInstruments(db, schema).addUntilOpen(instrumentTarget, now);
            List<MarketSchema.Instrument> open = schema.openInstruments(now);
            if (open.size() != instrumentTarget) {
                throw new IllegalStateException("expected " + instrumentTarget + " open instruments, found "
                        + open.size());
            }
            var book = RestingOrders.spread(open, orderCount);
            int nodes = new SellerCapacity(db, schema).register(book, now);
            new RestingOrderWriter(db, schema).write(book, now);
            db.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            var check = FixtureCheck.run(db, now);
            System.out.printf(Locale.ROOT, "FIXTURES instruments_open=%d hourly_added=%d orders=%d bids=%d asks=%d "
                            + "holds_minor=%d capacity_nodes=%d seconds=%.1f %s%n", open.size(), hourly, book.size(),
                    book.bids(), book.asks(), book.holdsMinor(), nodes, seconds, check);
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    static long single(Connection db, String sql) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
