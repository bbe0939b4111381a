package dev.cpx.benchmarks.market;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the fixtures read from the application's tables: organizations, ledger accounts, catalog, instruments. */
final class MarketSchema {

    /** An instrument as the fixtures use it. */
    record Instrument(long id, String symbol, String computeClass, String region, Instant start, Instant end) {

        long hours() {
            return java.time.Duration.between(start, end).toHours();
        }
    }

    private final Connection db;
    private final Map<String, Long> organizations = new TreeMap<>();
    private final Map<String, Long> accounts = new TreeMap<>();

    MarketSchema(Connection db) throws SQLException {
        this.db = db;
        readPairs("select code, id from organization", organizations);
        readPairs("select code, id from ledger_account", accounts);
    }

    long organization(String code) {
        Long id = organizations.get(code);
        if (id == null) {
            throw new IllegalStateException("no organization " + code + " (is the demo data loaded?)");
        }
        return id;
    }

    long account(String code) {
        Long id = accounts.get(code);
        if (id == null) {
            throw new IllegalStateException("ledger account " + code + " is not open");
        }
        return id;
    }

    List<String> codes(String table) throws SQLException {
        var codes = new ArrayList<String>();
        try (PreparedStatement st = db.prepareStatement("select code from " + table + " order by code");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }

    /** Instruments whose gate is still open at {@code now}, by delivery start, class and region. */
    List<Instrument> openInstruments(Instant now) throws SQLException {
        var open = new ArrayList<Instrument>();
        try (PreparedStatement st = db.prepareStatement("select id, symbol, compute_class_code, region_code, "
                + "delivery_start, delivery_end from instrument where gate_closure_at > ? "
                + "order by delivery_start, compute_class_code, region_code, id")) {
            st.setObject(1, RestingMarketFixtures.utc(now));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    open.add(new Instrument(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            RestingMarketFixtures.instant(rs, 5), RestingMarketFixtures.instant(rs, 6)));
                }
            }
        }
        return open;
    }

    int countOpenInstruments(Instant now) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select count(*) from instrument where gate_closure_at > ?")) {
            st.setObject(1, RestingMarketFixtures.utc(now));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The first id above the table's maximum; the application is stopped, so nobody else hands out ids. */
    long nextId(String table) throws SQLException {
        return RestingMarketFixtures.single(db, "select coalesce(max(id), 0) + 1 from " + table);
    }

    long nextSequence() throws SQLException {
        return RestingMarketFixtures.single(db, "select max(next_sequence) from market_lease");
    }

    void moveSequencePast(long next) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "update market_lease set next_sequence = greatest(next_sequence, ?)")) {
            update.setLong(1, next);
            update.executeUpdate();
        }
    }

    long nextPriority() throws SQLException {
        return RestingMarketFixtures.single(db, "select coalesce(max(priority), 0) + 1 from market_order");
    }

    private void readPairs(String sql, Map<String, Long> into) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                into.put(rs.getString(1), rs.getLong(2));
            }
        }
    }
}
