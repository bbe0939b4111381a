package dev.cpx.benchmarks.settlement;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.money.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes benchmark fixtures straight into the application's MariaDB over JDBC, consistent with what trading would
 * have written: registered nodes, a filled buy and sell order per contract, its trade, the contract, its node
 * allocations, and the ledger postings that put the contract value in the buyer's escrow (a funding entry per
 * buyer from the outside world, then one FILL entry per contract: available to escrow plus the buyer's fee to the
 * platform). Ids are assigned here, above the tables' current maximum; the application must not trade meanwhile
 * (its order path assigns order, trade and contract ids in memory from the maxima it read at start).
 */
final class Fixtures implements AutoCloseable {

    static final Map<String, String> KEYS = Map.of("ACME", "demo-acme-key", "NOVA", "demo-nova-key",
            "SHCC", "demo-shcc-key", "GZDH", "demo-gzdh-key");
    static final int BUYER_FEE_BASIS_POINTS = 50;

    /**
     * Who buys from whom on which instruments: one purchase is a block of one contract per symbol (consecutive
     * hours), all on the same nodes; the provider's nodes sit at {@code site}.
     */
    record Lane(String buyer, String provider, String site, List<String> symbols) {
    }

    /** The 24 hourly symbols of one class and region on {@code day}: a day is a block of 24 hours. */
    static List<String> dayOfHours(String computeClass, String region, java.time.LocalDate day) {
        return java.util.stream.IntStream.range(0, 24)
                .mapToObj(h -> computeClass + "." + region + "." + day + "T" + String.format("%02d", h)).toList();
    }

    /** A contract as the benchmarks use it. */
    record Contract(long id, String buyer, String provider, long buyerId, long providerId, Instant start, Instant end,
                    long[] nodeIds, String[] cpids, int gpusPerNode, long valueMinor) {
    }

    private record Instrument(long id, String computeClass, String region, Instant start, Instant end) {
    }

    private final Connection db;
    private final Map<String, Long> organizations = new TreeMap<>();

    Fixtures(String jdbcUrl, String user, String password) throws SQLException {
        this.db = DriverManager.getConnection(jdbcUrl, user, password);
        db.setAutoCommit(false);
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery("select code, id from organization")) {
            while (rs.next()) {
                organizations.put(rs.getString(1), rs.getLong(2));
            }
        }
    }

    Connection connection() {
        return db;
    }

    long organization(String code) {
        Long id = organizations.get(code);
        if (id == null) {
            throw new IllegalStateException("no organization " + code + " (is the demo data loaded?)");
        }
        return id;
    }

    /**
     * Creates {@code count} purchases, each on {@code nodesPerContract} fresh nodes of {@code gpusPerNode} GPUs and
     * made of one contract per symbol of its lane (for each instrument's whole delivery window), lanes taken in
     * turn; returns the contracts purchase by purchase, each purchase's in its lane's symbol order.
     */
    List<Contract> createContracts(String tag, int count, int nodesPerContract, int gpusPerNode, long priceTicks,
                                   List<Lane> lanes) throws SQLException {
        Instant now = Instant.now();
        LocalDateTime at = utc(now);
        var instruments = new ArrayList<List<Instrument>>();
        var sites = new ArrayList<Long>();
        for (Lane lane : lanes) {
            var block = new ArrayList<Instrument>();
            for (String symbol : lane.symbols()) {
                block.add(instrument(symbol));
            }
            instruments.add(block);
            sites.add(site(organization(lane.provider()), lane.site()));
        }
        long nodeId = nextId("node");
        long orderId = nextId("market_order");
        long tradeId = nextId("trade");
        long contractId = nextId("contract");
        long entryId = nextId("journal_entry");
        Map<String, Long> accounts = accounts();
        var contracts = new ArrayList<Contract>(count);
        var deltas = new TreeMap<Long, Long>();
        var funding = new TreeMap<String, Long>();
        try (PreparedStatement nodes = db.prepareStatement("insert into node (id, cpid, organization_id, site_id, "
                + "compute_class_code, gpu_count, status, registered_at, version) values (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, 0)");
             PreparedStatement orders = db.prepareStatement("insert into market_order (id, organization_id, "
                     + "client_order_id, request_sha256, instrument_id, side, order_type, time_in_force, price_ticks, "
                     + "quantity, remaining_quantity, filled_quantity, filled_value_ticks, status, hold_price_ticks, "
                     + "hold_minor, priority, amendments, created_at, updated_at) "
                     + "values (?, ?, ?, ?, ?, ?, 'LIMIT', 'GTC', ?, ?, 0, ?, ?, 'FILLED', ?, 0, ?, 0, ?, ?)");
             PreparedStatement trades = db.prepareStatement("insert into trade (id, instrument_id, buy_order_id, "
                     + "sell_order_id, buyer_org_id, seller_org_id, price_ticks, quantity, aggressor_side, executed_at) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, 'BUY', ?)");
             PreparedStatement contractRows = db.prepareStatement("insert into contract (id, trade_id, instrument_id, "
                     + "buyer_org_id, provider_org_id, quantity, price_ticks, value_minor, buyer_fee_minor, "
                     + "delivery_start, delivery_end, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement allocations = db.prepareStatement("insert into contract_allocation (contract_id, "
                     + "node_id, instrument_id, gpu_count, created_at) values (?, ?, ?, ?, ?)");
             PreparedStatement entries = db.prepareStatement("insert into journal_entry (id, kind, reference, "
                     + "created_at) values (?, ?, ?, ?)");
             PreparedStatement lines = db.prepareStatement("insert into journal_line (entry_id, account_id, "
                     + "amount_minor) values (?, ?, ?)")) {
            for (int c = 0; c < count; c++) {
                int l = c % lanes.size();
                Lane lane = lanes.get(l);
                long buyer = organization(lane.buyer());
                long provider = organization(lane.provider());
                long quantity = (long) nodesPerContract * gpusPerNode;
                Instrument first = instruments.get(l).getFirst();
                long[] nodeIds = new long[nodesPerContract];
                String[] cpids = new String[nodesPerContract];
                for (int n = 0; n < nodesPerContract; n++) {
                    nodeIds[n] = nodeId++;
                    cpids[n] = Cpid.of(first.region(), lane.provider(), lane.site(),
                            tag + String.format("%07d", c * nodesPerContract + n)).value();
                    nodes.setLong(1, nodeIds[n]);
                    nodes.setString(2, cpids[n]);
                    nodes.setLong(3, provider);
                    nodes.setLong(4, sites.get(l));
                    nodes.setString(5, first.computeClass());
                    nodes.setInt(6, gpusPerNode);
                    nodes.setObject(7, at);
                    nodes.addBatch();
                }
                for (int s = 0; s < instruments.get(l).size(); s++) {
                    Instrument instrument = instruments.get(l).get(s);
                    long hours = java.time.Duration.between(instrument.start(), instrument.end()).toHours();
                    long value = quantity * hours * priceTicks;
                    long fee = Money.percentOf(value, BUYER_FEE_BASIS_POINTS);
                    String suffix = c + "-" + s;
                    long buyId = orderId++;
                    long sellId = orderId++;
                    order(orders, buyId, buyer, tag + "-B" + suffix, instrument.id(), "BUY", priceTicks, quantity, at);
                    order(orders, sellId, provider, tag + "-S" + suffix, instrument.id(), "SELL", priceTicks, quantity,
                            at);
                    long trade = tradeId++;
                    trades.setLong(1, trade);
                    trades.setLong(2, instrument.id());
                    trades.setLong(3, buyId);
                    trades.setLong(4, sellId);
                    trades.setLong(5, buyer);
                    trades.setLong(6, provider);
                    trades.setLong(7, priceTicks);
                    trades.setLong(8, quantity);
                    trades.setObject(9, at);
                    trades.addBatch();
                    long contract = contractId++;
                    contractRows.setLong(1, contract);
                    contractRows.setLong(2, trade);
                    contractRows.setLong(3, instrument.id());
                    contractRows.setLong(4, buyer);
                    contractRows.setLong(5, provider);
                    contractRows.setLong(6, quantity);
                    contractRows.setLong(7, priceTicks);
                    contractRows.setLong(8, value);
                    contractRows.setLong(9, fee);
                    contractRows.setObject(10, utc(instrument.start()));
                    contractRows.setObject(11, utc(instrument.end()));
                    contractRows.setObject(12, at);
                    contractRows.addBatch();
                    for (int n = 0; n < nodesPerContract; n++) {
                        allocations.setLong(1, contract);
                        allocations.setLong(2, nodeIds[n]);
                        allocations.setLong(3, instrument.id());
                        allocations.setInt(4, gpusPerNode);
                        allocations.setObject(5, at);
                        allocations.addBatch();
                    }
                    // The fill: the contract value leaves the buyer's available money for its escrow, the fee goes to
                    // the platform (the order path goes through HELD first; the net effect is the same).
                    long entry = entryId++;
                    entry(entries, entry, "FILL", "trade:" + trade, at);
                    long available = account(accounts, "ORG:" + buyer + ":AVAILABLE");
                    long escrow = account(accounts, "ORG:" + buyer + ":ESCROW");
                    long fees = account(accounts, "PLATFORM:FEES");
                    line(lines, entry, available, -(value + fee), deltas);
                    line(lines, entry, escrow, value, deltas);
                    line(lines, entry, fees, fee, deltas);
                    funding.merge(lane.buyer(), value + fee, Long::sum);
                    contracts.add(new Contract(contract, lane.buyer(), lane.provider(), buyer, provider,
                            instrument.start(), instrument.end(), nodeIds, cpids, gpusPerNode, value));
                }
                if ((c + 1) % 100 == 0 || c == count - 1) {
                    nodes.executeBatch();
                    orders.executeBatch();
                    trades.executeBatch();
                    contractRows.executeBatch();
                    allocations.executeBatch();
                    entries.executeBatch();
                    lines.executeBatch();
                }
            }
            // Money from outside for exactly what the fills cost, so no buyer's available balance goes negative.
            long external = account(accounts, "EXTERNAL:FUNDING");
            for (var fund : funding.entrySet()) {
                long entry = entryId++;
                entry(entries, entry, "FUNDING", "bench:" + tag + ":" + fund.getKey(), at);
                line(lines, entry, external, -fund.getValue(), deltas);
                line(lines, entry, account(accounts, "ORG:" + organization(fund.getKey()) + ":AVAILABLE"),
                        fund.getValue(), deltas);
            }
            entries.executeBatch();
            lines.executeBatch();
        }
        try (PreparedStatement update = db.prepareStatement(
                "update ledger_account set balance_minor = balance_minor + ? where id = ?")) {
            for (var delta : deltas.entrySet()) {
                update.setLong(1, delta.getValue());
                update.setLong(2, delta.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        // The market core numbers orders, trades and contracts from market_lease.next_sequence: move it past the
        // rows written here, so a market running on this database never hands the same ids out again.
        try (PreparedStatement sequence = db.prepareStatement(
                "update market_lease set next_sequence = greatest(next_sequence, ?)")) {
            sequence.setLong(1, Math.max(orderId, Math.max(tradeId, contractId)));
            sequence.executeUpdate();
        }
        db.commit();
        return contracts;
    }

    private static void order(PreparedStatement orders, long id, long organization, String clientOrderId,
                              long instrument, String side, long price, long quantity, LocalDateTime at)
            throws SQLException {
        orders.setLong(1, id);
        orders.setLong(2, organization);
        orders.setString(3, clientOrderId);
        orders.setString(4, sha256(clientOrderId + "|" + side + "|" + price + "|" + quantity));
        orders.setLong(5, instrument);
        orders.setString(6, side);
        orders.setLong(7, price);
        orders.setLong(8, quantity);
        orders.setLong(9, quantity);
        orders.setLong(10, price * quantity);
        if ("BUY".equals(side)) {
            orders.setLong(11, price);
        } else {
            orders.setNull(11, java.sql.Types.BIGINT);
        }
        orders.setLong(12, id);
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

    private static void line(PreparedStatement lines, long entry, long account, long amount, Map<Long, Long> deltas)
            throws SQLException {
        lines.setLong(1, entry);
        lines.setLong(2, account);
        lines.setLong(3, amount);
        lines.addBatch();
        deltas.merge(account, amount, Long::sum);
    }

    private static long account(Map<String, Long> accounts, String code) {
        Long id = accounts.get(code);
        if (id == null) {
            throw new IllegalStateException("ledger account " + code + " is not open");
        }
        return id;
    }

    private Map<String, Long> accounts() throws SQLException {
        var accounts = new TreeMap<String, Long>();
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery("select code, id from ledger_account")) {
            while (rs.next()) {
                accounts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return accounts;
    }

    private Instrument instrument(String symbol) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select id, compute_class_code, region_code, delivery_start, "
                + "delivery_end from instrument where symbol = ?")) {
            st.setString(1, symbol);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no instrument " + symbol + " (the calendar makes 14 days ahead)");
                }
                return new Instrument(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5));
            }
        }
    }

    private long site(long organization, String code) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("select id from site where organization_id = ? and code = ?")) {
            st.setLong(1, organization);
            st.setString(2, code);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no site " + code + " of organization " + organization);
                }
                return rs.getLong(1);
            }
        }
    }

    private long nextId(String table) throws SQLException {
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery("select coalesce(max(id), 0) + 1 from "
                + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long single(String sql) throws SQLException {
        try (var st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            db.commit();
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
