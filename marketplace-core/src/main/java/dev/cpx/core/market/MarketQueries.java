package dev.cpx.core.market;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.internal.OrderStore;
import dev.cpx.core.time.UtcColumns;
import dev.cpx.core.problem.CpxException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The market's reads, straight from committed rows. */
@Component
public class MarketQueries {

    public static final int MAX_LIST = 500;

    private final JdbcClient jdbc;
    private final OrderStore store;
    private final Clock clock;
    private final Map<String, Long> instrumentIds = new ConcurrentHashMap<>();
    private volatile CachedPrices bestPrices = new CachedPrices(Map.of(), 0);

    /** Best prices per instrument, as read at {@code readAtNanos}. */
    private record CachedPrices(Map<Long, long[]> prices, long readAtNanos) {
    }

    MarketQueries(JdbcClient jdbc, OrderStore store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    public Optional<Long> instrumentId(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        Long cached = instrumentIds.get(symbol);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Long> id = jdbc.sql("select id from instrument where symbol = ?").param(symbol).query(Long.class)
                .optional();
        id.ifPresent(value -> instrumentIds.put(symbol, value));
        return id;
    }

    /** The trading halts in force, instruments first, then compute classes. */
    public MarketHalts halts() {
        return MarketHalts.of(jdbc.sql("""
                        select i.symbol, h.compute_class, h.reason, h.halted_by, h.halted_at from market_halt h
                        left join instrument i on i.id = h.instrument_id
                        order by h.instrument_id is null, i.symbol, h.compute_class""")
                .query((rs, n) -> new MarketHalt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        UtcColumns.instant(rs, "halted_at")))
                .list());
    }

    public boolean computeClassExists(String code) {
        return jdbc.sql("select count(*) from compute_class where code = ?").param(code).query(Long.class).single() > 0;
    }

    /** The instrument of one of the organization's orders; another organization's order does not exist. */
    public long instrumentOfOrder(long organizationId, long orderId) {
        return jdbc.sql("select instrument_id from market_order where id = ? and organization_id = ?")
                .params(orderId, organizationId).query(Long.class).optional()
                .orElseThrow(() -> CpxException.notFound("order", orderId));
    }

    /** The organization's order under a client order id, if any. */
    public Optional<OrderStore.OrderRow> orderByClientId(long organizationId, String clientOrderId) {
        return store.byClientId(organizationId, clientOrderId);
    }

    /** The status of one of the organization's orders; another organization's order does not exist. */
    public Optional<OrderStatus> finalStatus(long organizationId, long orderId) {
        return store.byId(orderId).filter(r -> r.organizationId() == organizationId).map(OrderStore.OrderRow::status);
    }

    public OrderView order(long organizationId, long orderId) {
        var row = store.byId(orderId).filter(r -> r.organizationId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("order", orderId));
        return view(row);
    }

    public List<OrderView> orders(long organizationId, boolean openOnly, String symbol, int limit) {
        Long instrumentId = null;
        if (symbol != null) {
            instrumentId = instrumentId(symbol).orElse(-1L);
        }
        var rows = store.ownOrders(organizationId, openOnly, instrumentId, Math.clamp(limit, 1, MAX_LIST));
        var fills = store.fills(rows.stream().map(OrderStore.OrderRow::id).toList());
        return rows.stream().map(row -> view(row, fills.getOrDefault(row.id(), List.of()))).toList();
    }

    /** GPUs the organization bought on an instrument: what it may resell there. */
    public long boughtOn(long organizationId, long instrumentId) {
        return jdbc.sql("select coalesce(sum(quantity), 0) from contract where buyer_org_id = ? and instrument_id = ?")
                .params(organizationId, instrumentId).query(Long.class).single();
    }

    /**
     * An instrument's book aggregated from the open orders in the database: what an instance that does not run
     * the market shows (the owner serves its in-memory snapshot).
     */
    public BookView bookFromDatabase(long instrumentId, String symbol, int depth) {
        var bids = new ArrayList<BookView.Level>();
        var asks = new ArrayList<BookView.Level>();
        jdbc.sql("select side, price_ticks, sum(remaining_quantity), count(*) from market_order "
                        + "where instrument_id = ? and status in ('NEW','PARTIALLY_FILLED') group by side, price_ticks")
                .param(instrumentId)
                .query((rs, n) -> ("BUY".equals(rs.getString(1)) ? bids : asks)
                        .add(new BookView.Level(rs.getLong(2), rs.getLong(3), rs.getInt(4))))
                .list();
        bids.sort(java.util.Comparator.comparingLong(BookView.Level::priceTicks).reversed());
        asks.sort(java.util.Comparator.comparingLong(BookView.Level::priceTicks));
        return new BookView(symbol, List.copyOf(bids.subList(0, Math.min(depth, bids.size()))),
                List.copyOf(asks.subList(0, Math.min(depth, asks.size()))), lastPrice(instrumentId));
    }

    /** The ask levels (best first, at most {@code depth}) of those instruments that have open asks, in one query. */
    public Map<Long, List<BookView.Level>> asksFromDatabase(java.util.Collection<Long> instrumentIds, int depth) {
        var asks = new java.util.HashMap<Long, List<BookView.Level>>();
        if (instrumentIds.isEmpty()) {
            return asks;
        }
        jdbc.sql("select instrument_id, price_ticks, sum(remaining_quantity), count(*) from market_order "
                        + "where side = 'SELL' and status in ('NEW','PARTIALLY_FILLED') and instrument_id in (:ids) "
                        + "group by instrument_id, price_ticks order by instrument_id, price_ticks")
                .param("ids", List.copyOf(instrumentIds))
                .query((rs, n) -> {
                    var levels = asks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                    if (levels.size() < depth) {
                        levels.add(new BookView.Level(rs.getLong(2), rs.getLong(3), rs.getInt(4)));
                    }
                    return null;
                })
                .list();
        return asks;
    }

    /** What the open asks of one instrument add up to: GPUs offered, the best (lowest) price, how many asks. */
    public record AskTotal(long quantity, long bestPriceTicks, int orders) {
    }

    /**
     * The open asks of these instruments summed per instrument, in one query (a grid of days and hours reads
     * them all at once); an instrument without an open ask is absent.
     */
    public Map<Long, AskTotal> askTotals(java.util.Collection<Long> instrumentIds) {
        var totals = new java.util.HashMap<Long, AskTotal>();
        if (instrumentIds.isEmpty()) {
            return totals;
        }
        jdbc.sql("select instrument_id, sum(remaining_quantity), min(price_ticks), count(*) from market_order "
                        + "where side = 'SELL' and status in ('NEW','PARTIALLY_FILLED') and instrument_id in (:ids) "
                        + "group by instrument_id")
                .param("ids", List.copyOf(instrumentIds))
                .query((rs, n) -> totals.put(rs.getLong(1), new AskTotal(rs.getLong(2), rs.getLong(3), rs.getInt(4))))
                .list();
        return totals;
    }

    /** Best bid and ask of every instrument with open orders, read at most once a second. */
    public Map<Long, long[]> bestPricesFromDatabase() {
        CachedPrices cached = bestPrices;
        if (System.nanoTime() - cached.readAtNanos() > 1_000_000_000L) {
            var prices = new java.util.HashMap<Long, long[]>();
            jdbc.sql("select instrument_id, max(case when side = 'BUY' then price_ticks end), "
                            + "min(case when side = 'SELL' then price_ticks end) from market_order "
                            + "where status in ('NEW','PARTIALLY_FILLED') group by instrument_id")
                    .query((rs, n) -> prices.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)}))
                    .list();
            cached = new CachedPrices(Map.copyOf(prices), System.nanoTime());
            bestPrices = cached;
        }
        return cached.prices();
    }

    public Long lastPrice(long instrumentId) {
        return jdbc.sql("select price_ticks from trade where instrument_id = ? order by id desc limit 1")
                .param(instrumentId).query(Long.class).optional().orElse(null);
    }

    public List<Long> instrumentsToExpire() {
        return store.instrumentsToExpire(clock.instant());
    }

    public List<TradeView> trades(long instrumentId, int limit) {
        return jdbc.sql("select id, price_ticks, quantity, executed_at, aggressor_side from trade "
                        + "where instrument_id = ? order by id desc limit ?")
                .params(instrumentId, Math.clamp(limit, 1, MAX_LIST))
                .query((rs, n) -> new TradeView(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        UtcColumns.instant(rs, 4), Side.valueOf(rs.getString(5))))
                .list();
    }

    /** Open asks of instruments still open for trading, cheapest first. */
    public List<OfferView> offers(String computeClass, String region, Long maxPriceTicks, Instant from, Instant to,
                                  int limit) {
        var sql = new StringBuilder("""
                select i.symbol, i.compute_class_code, i.region_code, i.delivery_start, i.delivery_end, org.code,
                       o.price_ticks, o.remaining_quantity, cc.scu
                from market_order o
                join instrument i on i.id = o.instrument_id
                join compute_class cc on cc.code = i.compute_class_code
                join organization org on org.id = o.organization_id
                where o.side = 'SELL' and o.status in ('NEW','PARTIALLY_FILLED') and i.gate_closure_at > :now""");
        var params = new LinkedHashMap<String, Object>();
        params.put("now", UtcColumns.utc(clock.instant()));
        if (computeClass != null) {
            sql.append(" and i.compute_class_code = :cls");
            params.put("cls", computeClass);
        }
        if (region != null) {
            sql.append(" and i.region_code = :region");
            params.put("region", region);
        }
        if (maxPriceTicks != null) {
            sql.append(" and o.price_ticks <= :maxPrice");
            params.put("maxPrice", maxPriceTicks);
        }
        if (from != null) {
            sql.append(" and i.delivery_start >= :from");
            params.put("from", UtcColumns.utc(from));
        }
        if (to != null) {
            sql.append(" and i.delivery_start < :to");
            params.put("to", UtcColumns.utc(to));
        }
        sql.append(" order by o.price_ticks, o.priority limit :limit");
        params.put("limit", Math.clamp(limit, 1, MAX_LIST));
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> {
                    long price = rs.getLong(7);
                    BigDecimal scu = rs.getBigDecimal(9);
                    return new OfferView(rs.getString(1), rs.getString(2), rs.getString(3), UtcColumns.instant(rs, 4),
                            UtcColumns.instant(rs, 5), rs.getString(6), price, rs.getLong(8), scu,
                            pricePerScuHour(price, scu));
                })
                .list();
    }

    /** Contracts where the organization is buyer or provider, newest first, with their allocated nodes. */
    public List<ContractView> contracts(long organizationId, int limit) {
        var contracts = jdbc.sql("""
                        select c.id, i.symbol, b.code, p.code, c.quantity, c.price_ticks, c.delivery_start,
                               c.delivery_end, c.value_minor,
                               case when c.buyer_org_id = ? then c.buyer_project else c.provider_project end
                        from contract c join instrument i on i.id = c.instrument_id
                        join organization b on b.id = c.buyer_org_id join organization p on p.id = c.provider_org_id
                        where c.buyer_org_id = ? or c.provider_org_id = ? order by c.id desc limit ?""")
                .params(organizationId, organizationId, organizationId, Math.clamp(limit, 1, MAX_LIST))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), UtcColumns.instant(rs, 7), UtcColumns.instant(rs, 8),
                        rs.getLong(9), rs.getString(10)})
                .list();
        var result = new ArrayList<ContractView>(contracts.size());
        var allocationsByContract = allocations(contracts.stream().map(c -> (Long) c[0]).toList());
        for (Object[] c : contracts) {
            long id = (Long) c[0];
            var allocations = allocationsByContract.getOrDefault(id, List.of());
            long gpus = allocations.stream().mapToLong(Allocation::gpus).sum();
            long quantity = (Long) c[4];
            Instant now = clock.instant();
            String status = now.isBefore((Instant) c[6]) ? (gpus >= quantity ? "ALLOCATED" : "AWAITING_ALLOCATION")
                    : now.isBefore((Instant) c[7]) ? "DELIVERING" : "DELIVERED";
            result.add(new ContractView(id, (String) c[1], (String) c[2], (String) c[3], quantity, (Long) c[5],
                    (Instant) c[6], (Instant) c[7], (Long) c[8], status,
                    allocations.stream().map(Allocation::cpid).toList(), gpus, (String) c[9]));
        }
        return result;
    }

    /** A node allocated to a contract. */
    public record Allocation(String cpid, long gpus) {
    }

    private Map<Long, List<Allocation>> allocations(List<Long> contractIds) {
        var byContract = new java.util.HashMap<Long, List<Allocation>>();
        if (contractIds.isEmpty()) {
            return byContract;
        }
        jdbc.sql("select a.contract_id, n.cpid, a.gpu_count from contract_allocation a join node n on n.id = a.node_id "
                        + "where a.contract_id in (:ids) order by n.cpid")
                .param("ids", contractIds)
                .query((rs, n) -> byContract.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Allocation(rs.getString(2), rs.getLong(3))))
                .list();
        return byContract;
    }

    public List<Allocation> allocations(long contractId) {
        return jdbc.sql("select n.cpid, a.gpu_count from contract_allocation a join node n on n.id = a.node_id "
                        + "where a.contract_id = ? order by n.cpid")
                .param(contractId).query((rs, n) -> new Allocation(rs.getString(1), rs.getLong(2))).list();
    }

    private OrderView view(OrderStore.OrderRow row) {
        return view(row, store.fills(row.id()));
    }

    private static OrderView view(OrderStore.OrderRow row, List<OrderView.Fill> fills) {
        return new OrderView(row.id(), row.clientOrderId(), row.symbol(), row.side(), row.type(), row.timeInForce(),
                row.priceTicks(), row.quantity(), row.filled(), row.remaining(), row.filledValueTicks(), row.status(),
                row.createdAt(), fills, row.cancelReason(), row.project());
    }

    /** Price per GPU-hour divided by SCU per GPU, to 4 decimals (a comparison figure, never charged). */
    static BigDecimal pricePerScuHour(long priceTicks, BigDecimal scu) {
        if (scu == null || scu.signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(priceTicks, 2).divide(scu, 4, RoundingMode.HALF_UP);
    }

    /** Spend limits and today's spend (UTC, by the market's clock) of an organization. */
    public Spending spending(long organizationId) {
        java.time.Instant dayStart = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        long spent = jdbc.sql("select coalesce(sum(value_minor + buyer_fee_minor), 0) from contract "
                        + "where buyer_org_id = ? and created_at >= ? and created_at < ?")
                .params(organizationId, dev.cpx.core.time.UtcColumns.utc(dayStart),
                        dev.cpx.core.time.UtcColumns.utc(dayStart.plus(java.time.Duration.ofDays(1))))
                .query(Long.class).single();
        return jdbc.sql("select per_order_minor, per_day_minor from spend_limit where organization_id = ?")
                .param(organizationId)
                .query((rs, n) -> new Spending(rs.getObject(1, Long.class), rs.getObject(2, Long.class), spent))
                .optional().orElse(new Spending(null, null, spent));
    }

    /** One class and region's index on one date. */
    public record PriceIndexRow(String computeClass, String region, PriceIndex.Point point) {
    }

    /**
     * The price index per class and region (null: all) for each date of {@code [from, to]}, from the trades executed
     * since {@link PriceIndex#MAX_CARRY_DAYS} days before {@code from}; only classes and regions with such trades.
     */
    public List<PriceIndexRow> priceIndex(String computeClass, String region, java.time.LocalDate from,
                                          java.time.LocalDate to) {
        Map<String, BigDecimal> scu = new java.util.HashMap<>();
        jdbc.sql("select code, scu from compute_class").query((rs, n) -> scu.put(rs.getString(1), rs.getBigDecimal(2)))
                .list();
        Map<List<String>, List<PriceIndex.Trade>> trades = new java.util.TreeMap<>(
                java.util.Comparator.comparing((List<String> key) -> key.get(0)).thenComparing(key -> key.get(1)));
        var spec = jdbc.sql("select i.compute_class_code, i.region_code, cast(t.executed_at as date), t.price_ticks, "
                        + "i.delivery_start, i.delivery_end, sum(t.quantity) from trade t "
                        + "join instrument i on i.id = t.instrument_id "
                        + "where t.executed_at >= :from and t.executed_at < :to "
                        + (computeClass == null ? "" : "and i.compute_class_code = :class ")
                        + (region == null ? "" : "and i.region_code = :region ")
                        + "group by i.compute_class_code, i.region_code, cast(t.executed_at as date), t.price_ticks, "
                        + "i.delivery_start, i.delivery_end")
                .param("from", from.minusDays(PriceIndex.MAX_CARRY_DAYS).atStartOfDay())
                .param("to", to.plusDays(1).atStartOfDay());
        if (computeClass != null) {
            spec = spec.param("class", computeClass);
        }
        if (region != null) {
            spec = spec.param("region", region);
        }
        spec.query((rs, n) -> {
                    long hours = java.time.Duration.between(rs.getObject(5, java.time.LocalDateTime.class),
                            rs.getObject(6, java.time.LocalDateTime.class)).toHours();
                    return trades.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new PriceIndex.Trade(rs.getObject(3, java.time.LocalDate.class), rs.getLong(4),
                                    rs.getLong(7) * hours));
                }).list();
        var rows = new ArrayList<PriceIndexRow>();
        trades.forEach((key, list) -> PriceIndex.series(list, scu.get(key.get(0)), from, to)
                .forEach(point -> rows.add(new PriceIndexRow(key.get(0), key.get(1), point))));
        return rows;
    }

    /**
     * The open instruments of a class and region that deliver exactly {@code [start, end)}, in delivery order; a
     * 422 that says why when they do not tile it (a bound inside an instrument, a gap, a closed one).
     */
    public List<String> instrumentsCovering(String computeClass, String region, Instant start, Instant end) {
        if (computeClass == null || region == null || start == null || end == null || !end.isAfter(start)) {
            throw new CpxException(dev.cpx.core.problem.ErrorCode.VALIDATION_FAILED, "give computeClass, region and "
                    + "start before end", List.of(new CpxException.FieldError("end", "after start")));
        }
        var rows = jdbc.sql("select symbol, delivery_start, delivery_end from instrument where compute_class_code = ? "
                        + "and region_code = ? and delivery_start >= ? and delivery_end <= ? order by delivery_start")
                .params(computeClass, region, UtcColumns.utc(start), UtcColumns.utc(end))
                .query((rs, n) -> new Object[] {rs.getString(1), UtcColumns.instant(rs, 2), UtcColumns.instant(rs, 3)})
                .list();
        Instant at = start;
        var symbols = new ArrayList<String>(rows.size());
        for (Object[] row : rows) {
            if (!row[1].equals(at)) {
                break;
            }
            symbols.add((String) row[0]);
            at = (Instant) row[2];
        }
        if (symbols.isEmpty() || !at.equals(end)) {
            throw new CpxException(dev.cpx.core.problem.ErrorCode.VALIDATION_FAILED, "no run of " + computeClass
                    + " instruments in " + region + " delivers exactly " + start + " to " + end + " (they reach "
                    + at + "); start and end must fall on instrument boundaries",
                    List.of(new CpxException.FieldError("end", "on an instrument boundary")));
        }
        return symbols;
    }

    /** The children of a block already placed, by their client order ids, in delivery order. */
    public List<OrderView> blockOrders(long organizationId, String clientOrderId, int count) {
        var children = new ArrayList<OrderView>(count);
        for (int i = 1; i <= count; i++) {
            orderByClientId(organizationId, clientOrderId + ":" + i).ifPresent(row -> children.add(view(row)));
        }
        return children;
    }

}
