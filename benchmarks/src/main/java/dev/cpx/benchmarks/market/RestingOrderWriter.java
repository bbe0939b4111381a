package dev.cpx.benchmarks.market;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the resting orders as {@code market_order} rows (status NEW, nothing filled) and the ledger as the order
 * path would have left it: money from outside for exactly the buyers' holds (a FUNDING entry per buyer), then one
 * HOLD entry per bid moving its hold from AVAILABLE to HELD, balances changed by the sums of the lines. Every entry
 * balances, so both ledger sums stay zero.
 */
final class RestingOrderWriter {

    private static final int ROWS_PER_EXECUTE = 5_000;

    private final Connection db;
    private final MarketSchema schema;
    private final Map<Long, Long> deltas = new TreeMap<>();

    RestingOrderWriter(Connection db, MarketSchema schema) {
        this.db = db;
        this.schema = schema;
    }

    void write(RestingOrders.Book book, Instant now) throws SQLException {
        LocalDateTime at = RestingMarketFixtures.utc(now);
        // Order ids and priorities come from the market core's sequence (market_lease.next_sequence): orders written
        // here take the next ones and move the sequence past them, or the core would hand the same ids out again.
        long first = Math.max(Math.max(schema.nextId("market_order"), schema.nextPriority()), schema.nextSequence());
        long orderId = first;
        long priority = first;
        long entryId = schema.nextId("journal_entry");
        try (PreparedStatement orders = db.prepareStatement("insert into market_order (id, organization_id, "
                + "client_order_id, request_sha256, instrument_id, side, order_type, time_in_force, price_ticks, "
                + "quantity, remaining_quantity, filled_quantity, filled_value_ticks, status, hold_price_ticks, "
                + "hold_minor, priority, amendments, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, 'LIMIT', 'GTC', ?, ?, ?, 0, 0, 'NEW', ?, ?, ?, 0, ?, ?)");
             PreparedStatement entries = db.prepareStatement("insert into journal_entry (id, kind, reference, "
                     + "created_at) values (?, ?, ?, ?)");
             PreparedStatement lines = db.prepareStatement("insert into journal_line (entry_id, account_id, "
                     + "amount_minor) values (?, ?, ?)")) {
            for (var funding : book.holdsByBuyer().entrySet()) {
                long buyer = schema.organization(funding.getKey());
                entry(entries, entryId, "FUNDING", "bench:resting-market:" + funding.getKey(), at);
                line(lines, entryId, schema.account("EXTERNAL:FUNDING"), -funding.getValue());
                line(lines, entryId, schema.account("ORG:" + buyer + ":AVAILABLE"), funding.getValue());
                entryId++;
            }
            int written = 0;
            for (RestingOrders.Order order : book.orders()) {
                long organization = schema.organization(order.organization());
                String clientOrderId = "RM-" + written;
                order(orders, orderId++, organization, clientOrderId, order, priority++, at);
                if (order.buy()) {
                    entry(entries, entryId, "HOLD", "placed:" + organization + ":" + clientOrderId, at);
                    line(lines, entryId, schema.account("ORG:" + organization + ":AVAILABLE"), -order.holdMinor());
                    line(lines, entryId, schema.account("ORG:" + organization + ":HELD"), order.holdMinor());
                    entryId++;
                }
                if (++written % ROWS_PER_EXECUTE == 0) {
                    orders.executeBatch();
                    entries.executeBatch();
                    lines.executeBatch();
                }
            }
            orders.executeBatch();
            entries.executeBatch();
            lines.executeBatch();
        }
        applyDeltas();
        schema.moveSequencePast(Math.max(orderId, priority));
    }

    private static void order(PreparedStatement orders, long id, long organization, String clientOrderId,
                              RestingOrders.Order order, long priority, LocalDateTime at) throws SQLException {
        String side = order.buy() ? "BUY" : "SELL";
        orders.setLong(1, id);
        orders.setLong(2, organization);
        orders.setString(3, clientOrderId);
        orders.setString(4, sha256(clientOrderId + "|" + side + "|" + order.priceTicks() + "|" + order.quantity()));
        orders.setLong(5, order.instrument().id());
        orders.setString(6, side);
        orders.setLong(7, order.priceTicks());
        orders.setLong(8, order.quantity());
        orders.setLong(9, order.quantity());
        if (order.buy()) {
            orders.setLong(10, order.priceTicks());
        } else {
            orders.setNull(10, java.sql.Types.BIGINT);
        }
        orders.setLong(11, order.holdMinor());
        orders.setLong(12, priority);
        orders.setObject(13, at);
        orders.setObject(14, at);
        orders.addBatch();
    }

    private static void entry(PreparedStatement entries, long id, String kind, String reference, LocalDateTime at)
            throws SQLException {
        entries.setLong(1, id);
        entries.setString(2, kind);
        entries.setString(3, reference);
        entries.setObject(4, at);
        entries.addBatch();
    }

    private void line(PreparedStatement lines, long entry, long account, long amountMinor) throws SQLException {
        lines.setLong(1, entry);
        lines.setLong(2, account);
        lines.setLong(3, amountMinor);
        lines.addBatch();
        deltas.merge(account, amountMinor, Long::sum);
    }

    private void applyDeltas() throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "update ledger_account set balance_minor = balance_minor + ? where id = ?")) {
            for (var delta : deltas.entrySet()) {
                if (delta.getValue() != 0) {
                    update.setLong(1, delta.getValue());
                    update.setLong(2, delta.getKey());
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
