package dev.cpx.core.market.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.OrderView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of the market's tables; plain JDBC because the sequencer writes many small rows per batch. */
@Component
public class OrderStore {

    static final String OPEN = "'NEW','PARTIALLY_FILLED'";
    private static final String ORDER_COLUMNS = """
            o.id, o.organization_id, o.client_order_id, o.request_sha256, o.instrument_id, i.symbol, o.side,
            o.order_type, o.time_in_force, o.price_ticks, o.quantity, o.remaining_quantity, o.filled_quantity,
            o.filled_value_ticks, o.status, o.hold_price_ticks, o.hold_minor, o.priority, o.amendments, o.created_at""";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batch;

    OrderStore(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An order row with the fields the market reads back. */
    public record OrderRow(long id, long organizationId, String clientOrderId, String fingerprint, long instrumentId,
                    String symbol, Side side, OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity,
                    long remaining, long filled, long filledValueTicks, OrderStatus status, Long holdPriceTicks,
                    long holdMinor, long priority, int amendments, Instant createdAt) {

        LiveOrder live() {
            return new LiveOrder(id, organizationId, instrumentId, side, priceTicks,
                    holdPriceTicks == null ? 0 : holdPriceTicks, remaining, filled, filledValueTicks, holdMinor,
                    priority, amendments, status);
        }
    }

    Optional<InstrumentInfo> instrument(String symbol) {
        return jdbc.sql("select id, symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                        + "gate_closure_at from instrument where symbol = ?")
                .param(symbol).query(OrderStore::instrumentRow).optional();
    }

    Optional<InstrumentInfo> instrument(long id) {
        return jdbc.sql("select id, symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                        + "gate_closure_at from instrument where id = ?")
                .param(id).query(OrderStore::instrumentRow).optional();
    }

    /** An order's id and terms fingerprint, known by its client order id. */
    record KnownOrder(long id, String fingerprint) {
    }

    static String clientKey(long organizationId, String clientOrderId) {
        return organizationId + "|" + clientOrderId;
    }

    /** The orders already made under the client order ids of these placements, in one query. */
    Map<String, KnownOrder> knownClientIds(List<dev.cpx.core.market.PlaceOrder> placements) {
        var known = new java.util.HashMap<String, KnownOrder>();
        if (placements.isEmpty()) {
            return known;
        }
        var wanted = new java.util.HashSet<String>();
        placements.forEach(p -> wanted.add(clientKey(p.organization().id(), p.clientOrderId())));
        jdbc.sql("select organization_id, client_order_id, id, request_sha256 from market_order "
                        + "where organization_id in (:orgs) and client_order_id in (:ids)")
                .param("orgs", placements.stream().map(p -> p.organization().id()).distinct().toList())
                .param("ids", placements.stream().map(dev.cpx.core.market.PlaceOrder::clientOrderId).distinct()
                        .toList())
                .query((rs, n) -> {
                    String key = clientKey(rs.getLong(1), rs.getString(2));
                    return wanted.contains(key) ? known.put(key, new KnownOrder(rs.getLong(3), rs.getString(4))) : null;
                })
                .list();
        return known;
    }

    Optional<OrderRow> byClientId(long organizationId, String clientOrderId) {
        return jdbc.sql("select " + ORDER_COLUMNS + " from market_order o join instrument i on i.id = o.instrument_id "
                        + "where o.organization_id = ? and o.client_order_id = ?")
                .params(organizationId, clientOrderId).query(OrderStore::orderRow).optional();
    }

    public Optional<OrderRow> byId(long id) {
        return jdbc.sql("select " + ORDER_COLUMNS + " from market_order o join instrument i on i.id = o.instrument_id "
                        + "where o.id = ?")
                .param(id).query(OrderStore::orderRow).optional();
    }

    public List<OrderRow> ownOrders(long organizationId, boolean openOnly, Long instrumentId, int limit) {
        String sql = "select " + ORDER_COLUMNS + " from market_order o join instrument i on i.id = o.instrument_id "
                + "where o.organization_id = :org"
                + (openOnly ? " and o.status in (" + OPEN + ")" : "")
                + (instrumentId != null ? " and o.instrument_id = :instrument" : "")
                + " order by o.id desc limit :limit";
        var spec = jdbc.sql(sql).param("org", organizationId).param("limit", limit);
        if (instrumentId != null) {
            spec = spec.param("instrument", instrumentId);
        }
        return spec.query(OrderStore::orderRow).list();
    }

    /** Open orders of the instruments of one partition, in time priority: what rebuilds the books. */
    List<OrderRow> openOrders(int partitions, int partition) {
        return jdbc.sql("select " + ORDER_COLUMNS + " from market_order o join instrument i on i.id = o.instrument_id "
                        + "where o.status in (" + OPEN + ") order by o.priority")
                .query(OrderStore::orderRow).list().stream()
                .filter(row -> MarketSnapshots.partitionOf(row.instrumentId(), partitions) == partition)
                .toList();
    }

    long maxPriority() {
        return jdbc.sql("select coalesce(max(priority), 0) from market_order").query(Long.class).single();
    }

    long maxId(String table) {
        return jdbc.sql("select coalesce(max(id), 0) from " + table).query(Long.class).single();
    }

    /** Inserts a new order with the state matching gave it, under the id the sequencer assigned. */
    void insertOrder(LiveOrder order, String clientOrderId, String fingerprint, OrderType type,
                     TimeInForce timeInForce, long quantity, Instant now) {
        jdbc.sql("""
                        insert into market_order (id, organization_id, client_order_id, request_sha256, instrument_id,
                          side, order_type, time_in_force, price_ticks, quantity, remaining_quantity, filled_quantity,
                          filled_value_ticks, status, hold_price_ticks, hold_minor, priority, amendments, created_at,
                          updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(order.id, order.organizationId, clientOrderId, fingerprint, order.instrumentId,
                        order.side.name(), type.name(), timeInForce.name(), order.priceTicks, quantity, order.remaining,
                        order.filled, order.filledValueTicks, order.status.name(),
                        order.side == Side.BUY ? order.holdPriceTicks : null, order.holdMinor, order.priority,
                        order.amendments, utc(now), utc(now))
                .update();
    }

    void updateOrders(java.util.Collection<LiveOrder> orders, Instant now) {
        if (orders.isEmpty()) {
            return;
        }
        var rows = new java.util.ArrayList<Object[]>(orders.size());
        for (LiveOrder order : orders) {
            rows.add(new Object[] {order.priceTicks, order.remaining, order.filled, order.filledValueTicks,
                    order.status.name(), order.side == Side.BUY ? order.holdPriceTicks : null, order.holdMinor,
                    order.priority, order.amendments, utc(now), order.id});
        }
        batch.batchUpdate("""
                update market_order set price_ticks = ?, remaining_quantity = ?, filled_quantity = ?,
                  filled_value_ticks = ?, status = ?, hold_price_ticks = ?, hold_minor = ?, priority = ?,
                  amendments = ?, updated_at = ? where id = ?""", rows);
    }

    static Object[] tradeRow(long id, long instrumentId, long buyOrderId, long sellOrderId, long buyerOrg,
                             long sellerOrg, long priceTicks, long quantity, Side aggressor, Instant now) {
        return new Object[] {id, instrumentId, buyOrderId, sellOrderId, buyerOrg, sellerOrg, priceTicks, quantity,
                aggressor.name(), utc(now)};
    }

    void insertTrades(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into trade (id, instrument_id, buy_order_id, sell_order_id, buyer_org_id, seller_org_id,
                      price_ticks, quantity, aggressor_side, executed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
    }

    static Object[] contractRow(long id, long tradeId, InstrumentInfo instrument, long buyerOrg, long providerOrg,
                                long quantity, long priceTicks, long valueMinor, long buyerFeeMinor, Instant now) {
        return new Object[] {id, tradeId, instrument.id(), buyerOrg, providerOrg, quantity, priceTicks, valueMinor,
                buyerFeeMinor, utc(instrument.deliveryStart()), utc(instrument.deliveryEnd()), utc(now)};
    }

    void insertContracts(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into contract (id, trade_id, instrument_id, buyer_org_id, provider_org_id, quantity,
                      price_ticks, value_minor, buyer_fee_minor, delivery_start, delivery_end, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
    }

    /** The fills of several orders at once, by order id. */
    public Map<Long, List<OrderView.Fill>> fills(List<Long> orderIds) {
        var byOrder = new java.util.HashMap<Long, List<OrderView.Fill>>();
        if (orderIds.isEmpty()) {
            return byOrder;
        }
        var wanted = java.util.Set.copyOf(orderIds);
        jdbc.sql("select t.buy_order_id, t.sell_order_id, t.id, t.price_ticks, t.quantity, c.id "
                        + "from trade t join contract c on c.trade_id = t.id "
                        + "where t.buy_order_id in (:ids) or t.sell_order_id in (:ids) order by t.id")
                .param("ids", orderIds)
                .query((rs, n) -> {
                    var fill = new OrderView.Fill(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                    for (long orderId : new long[] {rs.getLong(1), rs.getLong(2)}) {
                        if (wanted.contains(orderId)) {
                            byOrder.computeIfAbsent(orderId, k -> new java.util.ArrayList<>()).add(fill);
                        }
                    }
                    return fill;
                })
                .list();
        return byOrder;
    }

    public List<OrderView.Fill> fills(long orderId) {
        return jdbc.sql("""
                        select t.id, t.price_ticks, t.quantity, c.id from trade t join contract c on c.trade_id = t.id
                        where t.buy_order_id = ? or t.sell_order_id = ? order by t.id""")
                .params(orderId, orderId)
                .query((rs, n) -> new OrderView.Fill(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /**
     * What covers an organization's asks on an instrument, in one query: GPUs registered for its class and region
     * (active nodes), GPUs bought on it, sold on it, and offered in open asks.
     */
    long[] capacity(long organizationId, InstrumentInfo instrument) {
        return jdbc.sql("""
                        select
                          (select coalesce(sum(n.gpu_count), 0) from node n join site s on s.id = n.site_id
                            where n.organization_id = :org and n.compute_class_code = :cls and s.region_code = :region
                              and n.status = 'ACTIVE'),
                          (select coalesce(sum(quantity), 0) from contract where buyer_org_id = :org
                            and instrument_id = :instrument),
                          (select coalesce(sum(quantity), 0) from contract where provider_org_id = :org
                            and instrument_id = :instrument),
                          (select coalesce(sum(remaining_quantity), 0) from market_order where organization_id = :org
                            and instrument_id = :instrument and side = 'SELL' and status in ('NEW','PARTIALLY_FILLED'))
                        """)
                .param("org", organizationId).param("cls", instrument.computeClass())
                .param("region", instrument.region()).param("instrument", instrument.id())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .single();
    }

    long creditLimit(long organizationId) {
        return jdbc.sql("select credit_limit_minor from organization where id = ?").param(organizationId)
                .query(Long.class).single();
    }

    /** Instruments whose gate has closed but which still have open orders. */
    public List<Long> instrumentsToExpire(Instant now) {
        return jdbc.sql("select distinct o.instrument_id from market_order o join instrument i on i.id = o.instrument_id "
                        + "where o.status in (" + OPEN + ") and i.gate_closure_at <= ?")
                .param(utc(now)).query(Long.class).list();
    }

    private static InstrumentInfo instrumentRow(ResultSet rs, int row) throws SQLException {
        return new InstrumentInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5), instant(rs, 6), instant(rs, 7));
    }

    private static OrderRow orderRow(ResultSet rs, int row) throws SQLException {
        long price = rs.getLong("price_ticks");
        Long priceTicks = rs.wasNull() ? null : price;
        long holdPrice = rs.getLong("hold_price_ticks");
        Long holdPriceTicks = rs.wasNull() ? null : holdPrice;
        return new OrderRow(rs.getLong("id"), rs.getLong("organization_id"), rs.getString("client_order_id"),
                rs.getString("request_sha256"), rs.getLong("instrument_id"), rs.getString("symbol"),
                Side.valueOf(rs.getString("side")), OrderType.valueOf(rs.getString("order_type")),
                TimeInForce.valueOf(rs.getString("time_in_force")), priceTicks, rs.getLong("quantity"),
                rs.getLong("remaining_quantity"), rs.getLong("filled_quantity"), rs.getLong("filled_value_ticks"),
                OrderStatus.valueOf(rs.getString("status")), holdPriceTicks, rs.getLong("hold_minor"),
                rs.getLong("priority"), rs.getInt("amendments"), instant(rs, "created_at"));
    }



}
