package dev.cpx.benchmarks.market;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the database after the fixtures, independently of how they were written: both ledger sums are zero, every
 * balance is the sum of its account's lines, every organization's HELD balance is what its open bids hold, no
 * seller offers beyond its registered capacity, no book is crossed, no open order sits on a closed instrument. Each
 * figure must be 0, else the run stops. Returns them as {@code key=value} fields.
 */
final class FixtureCheck {

    private static final String OPEN = "('NEW','PARTIALLY_FILLED')";

    private static final Map<String, String> CHECKS = checks();

    private FixtureCheck() {
    }

    private static Map<String, String> checks() {
        var checks = new LinkedHashMap<String, String>();
        checks.put("journal_sum", "select coalesce(sum(amount_minor), 0) from journal_line");
        checks.put("balance_sum", "select coalesce(sum(balance_minor), 0) from ledger_account");
        // Every balance is the sum of its account's lines.
        checks.put("accounts_off", "select count(*) from ledger_account a where a.balance_minor <> "
                + "(select coalesce(sum(l.amount_minor), 0) from journal_line l where l.account_id = a.id)");
        // Every organization's HELD balance is what its open bids hold.
        checks.put("held_off", "select count(*) from organization o join ledger_account a "
                + "on a.code = concat('ORG:', o.id, ':HELD') where a.balance_minor <> (select coalesce(sum(m.hold_minor), 0) "
                + "from market_order m where m.organization_id = o.id and m.status in " + OPEN + ")");
        // No seller offers more on an instrument than it registered in the class and region.
        checks.put("over_capacity", "select count(*) from (select m.organization_id, i.compute_class_code, "
                + "i.region_code, sum(m.remaining_quantity) offered from market_order m join instrument i "
                + "on i.id = m.instrument_id where m.side = 'SELL' and m.status in " + OPEN
                + " group by m.organization_id, m.instrument_id, i.compute_class_code, i.region_code) x "
                + "where x.offered > (select coalesce(sum(n.gpu_count), 0) from node n join site s on s.id = n.site_id "
                + "where n.organization_id = x.organization_id and n.compute_class_code = x.compute_class_code "
                + "and s.region_code = x.region_code and n.status = 'ACTIVE')");
        // No book is crossed: the best bid lies under the best ask.
        checks.put("crossed_books", "select count(*) from (select instrument_id, "
                + "max(case when side = 'BUY' then price_ticks end) bid, min(case when side = 'SELL' then price_ticks end) ask "
                + "from market_order where status in " + OPEN + " group by instrument_id) b where b.bid >= b.ask");
        return checks;
    }

    static String run(Connection db, Instant now) throws SQLException {
        var results = new LinkedHashMap<String, Long>();
        for (var check : CHECKS.entrySet()) {
            results.put(check.getKey(), RestingMarketFixtures.single(db, check.getValue()));
        }
        results.put("orders_on_closed_instruments", ordersOnClosedInstruments(db, now));
        db.commit();
        String fields = results.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        if (results.values().stream().anyMatch(v -> v != 0)) {
            throw new IllegalStateException("the fixtures are inconsistent: " + fields);
        }
        return fields;
    }

    private static long ordersOnClosedInstruments(Connection db, Instant now) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select count(*) from market_order m join instrument i "
                + "on i.id = m.instrument_id where m.status in " + OPEN + " and i.gate_closure_at <= ?")) {
            st.setObject(1, RestingMarketFixtures.utc(now));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
