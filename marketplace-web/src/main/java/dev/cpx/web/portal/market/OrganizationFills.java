package dev.cpx.web.portal.market;

import dev.cpx.core.money.Money;
import dev.cpx.core.time.UtcColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only: the organization's fills (its side of each trade), newest first, with the contract each made and the
 * fee on it, for the notifications page, the fill toasts and the fees shown per fill on orders and contracts.
 */
@Component
class OrganizationFills {

    /** Most fills one request lists. */
    static final int MAX_FILLS = 200;
    /** Most fills read for one page of orders (a page holds at most 200 orders). */
    static final int MAX_ORDER_FILLS = 5000;

    private static final String SELECT = """
            select t.id, i.symbol, t.buy_order_id, t.sell_order_id, t.quantity, t.price_ticks, t.executed_at,
                   c.id, c.value_minor, t.buyer_org_id, c.buyer_fee_minor
            from trade t join instrument i on i.id = t.instrument_id
            left join contract c on c.trade_id = t.id
            """;

    private final JdbcClient jdbc;

    OrganizationFills(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One fill of the organization. {@code feeMinor}: the buyer fee the trade charged, or for a seller the provider
     * fee on full delivery (taken at settlement, from the delivered value), with {@code feeAtSettlement} set.
     */
    record Fill(long tradeId, String instrument, String side, long orderId, long quantity, long priceTicks,
                long valueMinor, long feeMinor, boolean feeAtSettlement, Long contractId, Instant executedAt) {

        public String price() {
            return Money.format(priceTicks);
        }

        public String value() {
            return Amounts.grouped(valueMinor);
        }

        public String fee() {
            return Amounts.grouped(feeMinor);
        }

        public boolean buy() {
            return side.equals("BUY");
        }
    }

    /**
     * The organization's fills with a trade id above {@code afterTradeId}, newest first, at most {@code limit}. Two
     * indexed reads (as buyer, as seller) rather than one with an OR, which no index serves.
     */
    List<Fill> after(long organizationId, long afterTradeId, int limit, int providerFeeBasisPoints) {
        int capped = Math.clamp(limit, 1, MAX_FILLS);
        return Stream.concat(side(organizationId, true, afterTradeId, capped, providerFeeBasisPoints).stream(),
                        side(organizationId, false, afterTradeId, capped, providerFeeBasisPoints).stream())
                .sorted(Comparator.comparingLong(Fill::tradeId).reversed()).limit(capped).toList();
    }

    /** The organization's fills of the given orders (at most {@value #MAX_ORDER_FILLS} in all), oldest first, by order id. */
    Map<Long, List<Fill>> ofOrders(long organizationId, List<Long> orderIds, int providerFeeBasisPoints) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql(SELECT + """
                         where (t.buy_order_id in (:orders) and t.buyer_org_id = :org)
                            or (t.sell_order_id in (:orders) and t.seller_org_id = :org)
                         order by t.id limit :limit""")
                .param("org", organizationId).param("orders", orderIds).param("limit", MAX_ORDER_FILLS)
                .query((rs, n) -> fill(rs, rs.getLong(10) == organizationId, providerFeeBasisPoints))
                .list().stream()
                .collect(Collectors.groupingBy(Fill::orderId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The organization's side of the trades behind the given contracts, by contract id. */
    Map<Long, Fill> ofContracts(long organizationId, List<Long> contractIds, int providerFeeBasisPoints) {
        if (contractIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql(SELECT + " where c.id in (:contracts) and (t.buyer_org_id = :org or t.seller_org_id = :org)")
                .param("org", organizationId).param("contracts", contractIds)
                .query((rs, n) -> fill(rs, rs.getLong(10) == organizationId, providerFeeBasisPoints))
                .list().stream().collect(Collectors.toMap(Fill::contractId, f -> f));
    }

    private List<Fill> side(long organizationId, boolean buy, long afterTradeId, int limit, int providerFeeBps) {
        String column = buy ? "t.buyer_org_id" : "t.seller_org_id";
        return jdbc.sql(SELECT + " where " + column + " = :org and t.id > :after order by t.id desc limit :limit")
                .param("org", organizationId).param("after", afterTradeId).param("limit", limit)
                .query((rs, n) -> fill(rs, buy, providerFeeBps)).list();
    }

    private static Fill fill(ResultSet rs, boolean buy, int providerFeeBps) throws SQLException {
        long contractId = rs.getLong(8);
        boolean hasContract = !rs.wasNull();
        long valueMinor = hasContract ? rs.getLong(9) : 0;
        long fee = buy ? rs.getLong(11) : Money.percentOf(valueMinor, providerFeeBps);
        return new Fill(rs.getLong(1), rs.getString(2), buy ? "BUY" : "SELL", buy ? rs.getLong(3) : rs.getLong(4),
                rs.getLong(5), rs.getLong(6), valueMinor, fee, !buy, hasContract ? contractId : null,
                UtcColumns.instant(rs, 7));
    }
}
