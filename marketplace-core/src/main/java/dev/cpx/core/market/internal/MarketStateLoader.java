package dev.cpx.core.market.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreInstrument;
import dev.cpx.core.market.core.CoreRules;
import dev.cpx.core.market.core.MarketCore;
import dev.cpx.core.market.core.OrderSnapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a market core from the database, which is the truth: accounts, registered capacity, positions on open
 * instruments, resting orders in time priority with their fills, client order ids, last prices. Also reads what
 * the core needs later: instruments, a new organization's account, and the inbox.
 */
final class MarketStateLoader {

    private static final String OPEN = "('NEW','PARTIALLY_FILLED')";
    private static final String INSTRUMENT_COLUMNS = "i.id, i.symbol, i.compute_class_code, i.region_code, "
            + "i.delivery_start, i.delivery_end, i.gate_closure_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    MarketStateLoader(JdbcClient jdbc, TransactionTemplate readOnly) {
        this.jdbc = jdbc;
        this.readOnly = readOnly;
    }

    /** One row of the inbox: money, capacity or a credit limit decided elsewhere. */
    record InboxRow(long id, String kind, long organizationId, long amountMinor, String computeClass, String region,
                    long gpus, String reference) {

        CoreCommand command() {
            return switch (kind) {
                case "CREDIT" -> new CoreCommand.Credit(id, organizationId, amountMinor, reference);
                case "PAYOUT" -> new CoreCommand.Payout(id, organizationId, amountMinor, reference);
                case "CAPACITY" -> new CoreCommand.ChangeCapacity(id, organizationId, computeClass, region, gpus);
                case "LIVE" -> new CoreCommand.ChangeLiveCapacity(id, organizationId, computeClass, region, gpus);
                case "CREDIT_LIMIT" -> new CoreCommand.SetCreditLimit(id, organizationId, amountMinor);
                default -> throw new IllegalStateException("unknown inbox row kind " + kind);
            };
        }
    }

    /** Reads everything in one transaction, so the core starts from one consistent state. */
    MarketCore load(CoreRules rules, long nextSequence, Instant now) {
        return readOnly.execute(status -> read(rules, nextSequence, now));
    }

    /** Reads the state inside the caller's transaction. */
    MarketCore read(CoreRules rules, long nextSequence, Instant now) {
        var core = new MarketCore(rules, nextSequence);
        Map<Long, CoreInstrument> instruments = new HashMap<>();
        jdbc.sql("select " + INSTRUMENT_COLUMNS + " from instrument i where i.gate_closure_at > ? or i.id in "
                        + "(select instrument_id from market_order where status in " + OPEN + ")")
                .param(utc(now)).query(MarketStateLoader::instrument).list()
                .forEach(instrument -> instruments.put(instrument.id(), instrument));
        instruments.values().forEach(core::loadInstrument);
        loadAccounts(core);
        loadSpending(core, now);
        jdbc.sql("select n.organization_id, n.compute_class_code, s.region_code, sum(n.gpu_count) from node n "
                        + "join site s on s.id = n.site_id where n.status = 'ACTIVE' "
                        + "group by n.organization_id, n.compute_class_code, s.region_code")
                .query((rs, n) -> {
                    core.loadRegisteredGpus(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                    return null;
                }).list();
        jdbc.sql("select n.organization_id, n.compute_class_code, s.region_code, sum(n.gpu_count) from node n "
                        + "join site s on s.id = n.site_id where n.status = 'ACTIVE' and n.live = false "
                        + "group by n.organization_id, n.compute_class_code, s.region_code")
                .query((rs, n) -> {
                    core.loadDownGpus(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                    return null;
                }).list();
        // Liveness changes still in the inbox are in the nodes already; applying them will count them again.
        jdbc.sql("select organization_id, compute_class, region, sum(gpus) from market_inbox "
                        + "where kind = 'LIVE' and applied_sequence is null "
                        + "group by organization_id, compute_class, region")
                .query((rs, n) -> {
                    core.loadDownGpus(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                    return null;
                }).list();
        // Registrations still in the inbox are counted in the nodes already; applying them will add them again.
        jdbc.sql("select organization_id, compute_class, region, sum(gpus) from market_inbox "
                        + "where kind = 'CAPACITY' and applied_sequence is null "
                        + "group by organization_id, compute_class, region")
                .query((rs, n) -> {
                    core.loadRegisteredGpus(rs.getLong(1), rs.getString(2), rs.getString(3), -rs.getLong(4));
                    return null;
                }).list();
        jdbc.sql("select h.instrument_id, i.symbol, h.compute_class from market_halt h "
                        + "left join instrument i on i.id = h.instrument_id order by h.halt_key")
                .query((rs, n) -> {
                    core.loadHalt(rs.getObject(1, Long.class), rs.getString(2), rs.getString(3));
                    return null;
                }).list();
        loadPositions(core, instruments, now);
        loadRestingOrders(core, instruments);
        loadClientOrderIds(core, instruments);
        jdbc.sql("select t.instrument_id, t.price_ticks from trade t where t.id in "
                        + "(select max(id) from trade group by instrument_id) order by t.id")
                .query((rs, n) -> {
                    CoreInstrument instrument = instruments.get(rs.getLong(1));
                    if (instrument != null) {
                        core.loadLastPrice(instrument, rs.getLong(2));
                    }
                    return null;
                }).list();
        // A class and region's reference price is its newest trade, on whatever instrument, closed ones included.
        jdbc.sql("select i.compute_class_code, i.region_code, t.price_ticks from trade t "
                        + "join instrument i on i.id = t.instrument_id where t.id in (select max(u.id) from trade u "
                        + "join instrument j on j.id = u.instrument_id group by j.compute_class_code, j.region_code)")
                .query((rs, n) -> {
                    core.loadClassRegionPrice(rs.getString(1), rs.getString(2), rs.getLong(3));
                    return null;
                }).list();
        return core;
    }

    private void loadAccounts(MarketCore core) {
        Map<Long, long[]> accounts = new HashMap<>();
        jdbc.sql("select o.id, o.credit_limit_minor, a.kind, a.balance_minor from organization o "
                        + "join ledger_account a on a.organization_id = o.id where a.kind in ('AVAILABLE', 'HELD')")
                .query((rs, n) -> {
                    long[] account = accounts.computeIfAbsent(rs.getLong(1), id -> new long[3]);
                    account[2] = rs.getLong(2);
                    account["AVAILABLE".equals(rs.getString(3)) ? 0 : 1] = rs.getLong(4);
                    return null;
                }).list();
        accounts.forEach((id, a) -> core.loadAccount(id, a[0], a[1], a[2]));
    }

    /** Spend limits, and what each buyer spent today (UTC): its contracts of today, fees included. */
    private void loadSpending(MarketCore core, Instant now) {
        Instant dayStart = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        Map<Long, Long> spent = new HashMap<>();
        jdbc.sql("select buyer_org_id, sum(value_minor + buyer_fee_minor) from contract "
                        + "where created_at >= ? and created_at < ? group by buyer_org_id")
                .params(utc(dayStart), utc(dayStart.plus(java.time.Duration.ofDays(1))))
                .query((rs, n) -> spent.put(rs.getLong(1), rs.getLong(2))).list();
        Map<Long, Long[]> limits = new HashMap<>();
        jdbc.sql("select organization_id, per_order_minor, per_day_minor from spend_limit")
                .query((rs, n) -> limits.put(rs.getLong(1), new Long[] {rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class)})).list();
        var organizations = new java.util.TreeSet<>(spent.keySet());
        organizations.addAll(limits.keySet());
        for (long organizationId : organizations) {
            if (core.knowsAccount(organizationId)) {
                Long[] limit = limits.getOrDefault(organizationId, new Long[2]);
                core.loadSpending(organizationId, limit[0], limit[1], spent.getOrDefault(organizationId, 0L),
                        now.toEpochMilli());
            }
        }
    }

    private void loadPositions(MarketCore core, Map<Long, CoreInstrument> instruments, Instant now) {
        jdbc.sql("select buyer_org_id, provider_org_id, instrument_id, sum(quantity) from contract "
                        + "where instrument_id in (select id from instrument where gate_closure_at > ?) "
                        + "group by buyer_org_id, provider_org_id, instrument_id")
                .param(utc(now))
                .query((rs, n) -> {
                    CoreInstrument instrument = instruments.get(rs.getLong(3));
                    if (instrument != null) {
                        core.loadPosition(rs.getLong(1), instrument, rs.getLong(4), 0);
                        core.loadPosition(rs.getLong(2), instrument, 0, rs.getLong(4));
                    }
                    return null;
                }).list();
    }

    private void loadRestingOrders(MarketCore core, Map<Long, CoreInstrument> instruments) {
        Map<Long, List<OrderSnapshot.Fill>> fills = new HashMap<>();
        jdbc.sql("select o.id, t.id, t.price_ticks, t.quantity, c.id from market_order o "
                        + "join trade t on t.buy_order_id = o.id or t.sell_order_id = o.id "
                        + "join contract c on c.trade_id = t.id where o.status = 'PARTIALLY_FILLED' order by t.id")
                .query((rs, n) -> fills.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                        .add(new OrderSnapshot.Fill(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))))
                .list();
        jdbc.sql("select id, organization_id, client_order_id, request_sha256, instrument_id, side, order_type, "
                        + "time_in_force, price_ticks, quantity, remaining_quantity, filled_quantity, "
                        + "filled_value_ticks, cancelled_quantity, status, hold_price_ticks, hold_minor, priority, "
                        + "amendments, created_at, project from market_order where status in " + OPEN
                        + " order by priority")
                .query((rs, n) -> orderRow(rs, instruments, fills)).list()
                .forEach(core::loadRestingOrder);
    }

    private void loadClientOrderIds(MarketCore core, Map<Long, CoreInstrument> instruments) {
        jdbc.sql("select organization_id, client_order_id, id, request_sha256, instrument_id from market_order "
                        + "where status not in " + OPEN)
                .query((rs, n) -> {
                    if (instruments.containsKey(rs.getLong(5))) {
                        core.loadClientOrderId(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getLong(5));
                    } else {
                        core.loadClosedClientOrderId(rs.getLong(1), rs.getString(2));
                    }
                    return null;
                }).list();
    }

    Optional<CoreInstrument> instrument(long id) {
        return jdbc.sql("select " + INSTRUMENT_COLUMNS + " from instrument i where i.id = ?").param(id)
                .query(MarketStateLoader::instrument).optional();
    }

    Optional<CoreInstrument> instrument(String symbol) {
        return jdbc.sql("select " + INSTRUMENT_COLUMNS + " from instrument i where i.symbol = ?").param(symbol)
                .query(MarketStateLoader::instrument).optional();
    }

    /** The account of an organization the core has not seen, as the ledger holds it. */
    Optional<CoreCommand.OpenAccount> account(long organizationId) {
        long[] balances = new long[2];
        jdbc.sql("select kind, balance_minor from ledger_account where organization_id = ? "
                        + "and kind in ('AVAILABLE', 'HELD')")
                .param(organizationId)
                .query((rs, n) -> balances["AVAILABLE".equals(rs.getString(1)) ? 0 : 1] = rs.getLong(2)).list();
        return jdbc.sql("select credit_limit_minor from organization where id = ?").param(organizationId)
                .query(Long.class).optional()
                .map(limit -> new CoreCommand.OpenAccount(organizationId, balances[0], balances[1], limit));
    }

    List<InboxRow> pendingInbox(int limit) {
        return jdbc.sql("select id, kind, organization_id, amount_minor, compute_class, region, gpus, reference "
                        + "from market_inbox where applied_sequence is null order by id limit ?")
                .param(limit)
                .query((rs, n) -> new InboxRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8)))
                .list();
    }

    private static OrderSnapshot orderRow(ResultSet rs, Map<Long, CoreInstrument> instruments,
                                          Map<Long, List<OrderSnapshot.Fill>> fills) throws SQLException {
        long id = rs.getLong("id");
        CoreInstrument instrument = instruments.get(rs.getLong("instrument_id"));
        if (instrument == null) {
            throw new IllegalStateException("open order " + id + " on an unknown instrument");
        }
        long price = rs.getLong("price_ticks");
        Long priceTicks = rs.wasNull() ? null : price;
        return new OrderSnapshot(id, rs.getLong("organization_id"), rs.getString("client_order_id"),
                rs.getString("request_sha256"), instrument, Side.valueOf(rs.getString("side")),
                OrderType.valueOf(rs.getString("order_type")), TimeInForce.valueOf(rs.getString("time_in_force")),
                priceTicks, rs.getLong("quantity"), rs.getLong("remaining_quantity"), rs.getLong("filled_quantity"),
                rs.getLong("filled_value_ticks"), rs.getLong("cancelled_quantity"),
                OrderStatus.valueOf(rs.getString("status")), rs.getLong("hold_price_ticks"), rs.getLong("hold_minor"),
                rs.getLong("priority"), rs.getInt("amendments"), instant(rs, "created_at").toEpochMilli(),
                fills.getOrDefault(id, List.of()), null, rs.getString("project"));
    }

    private static CoreInstrument instrument(ResultSet rs, int row) throws SQLException {
        return new CoreInstrument(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5).toEpochMilli(), instant(rs, 6).toEpochMilli(), instant(rs, 7).toEpochMilli());
    }
}
