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

/** Reads of the market's order and trade rows (the market core's journal writer is their only writer). */
@Component
public class OrderStore {

    static final String OPEN = "'NEW','PARTIALLY_FILLED'";
    private static final String ORDER_COLUMNS = """
            o.id, o.organization_id, o.client_order_id, o.request_sha256, o.instrument_id, i.symbol, o.side,
            o.order_type, o.time_in_force, o.price_ticks, o.quantity, o.remaining_quantity, o.filled_quantity,
            o.filled_value_ticks, o.status, o.hold_price_ticks, o.hold_minor, o.priority, o.amendments, o.created_at, o.cancel_reason, o.project""";

    private final JdbcClient jdbc;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An order row with the fields the market reads back. */
    public record OrderRow(long id, long organizationId, String clientOrderId, String fingerprint, long instrumentId,
                    String symbol, Side side, OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity,
                    long remaining, long filled, long filledValueTicks, OrderStatus status, Long holdPriceTicks,
                    long holdMinor, long priority, int amendments, Instant createdAt, String cancelReason,
                    String project) {
    }

    public Optional<OrderRow> byClientId(long organizationId, String clientOrderId) {
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

    /** Instruments whose gate has closed but which still have open orders. */
    public List<Long> instrumentsToExpire(Instant now) {
        return jdbc.sql("select distinct o.instrument_id from market_order o join instrument i on i.id = o.instrument_id "
                        + "where o.status in (" + OPEN + ") and i.gate_closure_at <= ?")
                .param(utc(now)).query(Long.class).list();
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
                rs.getLong("priority"), rs.getInt("amendments"), instant(rs, "created_at"),
                rs.getString("cancel_reason"), rs.getString("project"));
    }



}
