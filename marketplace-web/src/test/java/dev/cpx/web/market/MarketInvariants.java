package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.OrderTraffic.Acknowledged;
import dev.cpx.web.market.OrderTraffic.Market;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What must hold in the market's tables whatever happened to the process: every query lists the rows that break a
 * rule, so each must come back empty. Also what the API shows must agree with those tables.
 */
final class MarketInvariants {

    private static final String OPEN = "('NEW','PARTIALLY_FILLED')";
    private static final int SNAPSHOT_DEPTH = 20;
    private static final Map<String, String> BUYERS = Map.of("ACME", OrderTraffic.ACME, "NOVA", OrderTraffic.NOVA);
    private static final List<String> STATUS_ORDER = List.of("NEW", "PARTIALLY_FILLED", "FILLED");

    private final MarketDatabase db;

    MarketInvariants(MarketDatabase db) {
        this.db = db;
    }

    /** Every fill is in exactly one trade and every trade in exactly one contract: nothing filled twice. */
    void nothingFilledTwice() throws SQLException {
        assertThat(db.rows("""
                select o.id, o.filled_quantity, coalesce(sum(t.quantity), 0) from market_order o
                left join trade t on t.buy_order_id = o.id or t.sell_order_id = o.id
                group by o.id, o.filled_quantity having o.filled_quantity <> coalesce(sum(t.quantity), 0)"""))
                .as("orders whose filled quantity is not the sum of their trades (id|filled|traded)").isEmpty();
        assertThat(db.rows("""
                select id, status, quantity, filled_quantity, remaining_quantity from market_order where
                   (status in ('NEW', 'PARTIALLY_FILLED', 'FILLED')
                    and quantity <> filled_quantity + remaining_quantity)
                or (status = 'NEW' and filled_quantity <> 0)
                or (status = 'PARTIALLY_FILLED' and (filled_quantity = 0 or remaining_quantity = 0))
                or (status = 'FILLED' and remaining_quantity <> 0)
                or (status in ('CANCELLED', 'EXPIRED')
                    and (remaining_quantity <> 0 or filled_quantity >= quantity))"""))
                .as("orders whose quantities do not fit their status").isEmpty();
        assertThat(db.rows("""
                select t.id, count(c.id) from trade t left join contract c on c.trade_id = t.id
                group by t.id having count(c.id) <> 1"""))
                .as("trades without exactly one contract (trade|contracts)").isEmpty();
        assertThat(db.rows("""
                select c.id from contract c join trade t on t.id = c.trade_id
                where c.quantity <> t.quantity or c.price_ticks <> t.price_ticks or c.buyer_org_id <> t.buyer_org_id
                   or c.provider_org_id <> t.seller_org_id or c.instrument_id <> t.instrument_id"""))
                .as("contracts that differ from their trade").isEmpty();
    }

    /** A trade joins a bid and an ask of two organizations on its instrument, inside both limit prices. */
    void tradesMatchTheirOrders() throws SQLException {
        assertThat(db.rows("""
                select t.id from trade t
                join market_order b on b.id = t.buy_order_id join market_order s on s.id = t.sell_order_id
                where b.side <> 'BUY' or s.side <> 'SELL' or b.organization_id = s.organization_id
                   or b.organization_id <> t.buyer_org_id or s.organization_id <> t.seller_org_id
                   or b.instrument_id <> t.instrument_id or s.instrument_id <> t.instrument_id
                   or t.price_ticks > b.price_ticks or t.price_ticks < s.price_ticks"""))
                .as("trades that do not fit their orders").isEmpty();
    }

    /** Double entry holds, and every balance is the sum of its journal lines. */
    void ledgerBalances() throws SQLException {
        assertThat(db.number("select coalesce(sum(amount_minor), 0) from journal_line")).as("journal sum").isZero();
        assertThat(db.number("select coalesce(sum(balance_minor), 0) from ledger_account")).as("balance sum").isZero();
        assertThat(db.rows("select entry_id from journal_line group by entry_id having sum(amount_minor) <> 0"))
                .as("journal entries that do not balance").isEmpty();
        assertThat(db.rows("""
                select a.code, a.balance_minor, coalesce(sum(l.amount_minor), 0) from ledger_account a
                left join journal_line l on l.account_id = a.id
                group by a.id, a.code, a.balance_minor having a.balance_minor <> coalesce(sum(l.amount_minor), 0)"""))
                .as("accounts whose balance is not the sum of their lines (code|balance|lines)").isEmpty();
    }

    /** Held money is exactly the holds of open bids; escrow and fees are exactly what the contracts say. */
    void holdsEscrowAndFeesMatchTheMarket() throws SQLException {
        assertThat(db.rows("""
                select a.code, a.balance_minor, coalesce(sum(o.hold_minor), 0) from ledger_account a
                left join market_order o on o.organization_id = a.organization_id and o.side = 'BUY'
                 and o.status in %s
                where a.kind = 'HELD' group by a.id, a.code, a.balance_minor
                having a.balance_minor <> coalesce(sum(o.hold_minor), 0)""".formatted(OPEN)))
                .as("held balances that differ from the holds of open bids (code|held|holds)").isEmpty();
        assertThat(db.rows("select id, status, hold_minor from market_order where status not in " + OPEN
                + " and hold_minor <> 0")).as("final orders that still hold money").isEmpty();
        assertThat(db.rows("""
                select a.code, a.balance_minor, coalesce(sum(c.value_minor), 0) from ledger_account a
                left join contract c on c.buyer_org_id = a.organization_id
                where a.kind = 'ESCROW' group by a.id, a.code, a.balance_minor
                having a.balance_minor <> coalesce(sum(c.value_minor), 0)"""))
                .as("escrow balances that differ from the buyer's contract values (code|escrow|contracts)").isEmpty();
        assertThat(db.number("select balance_minor from ledger_account where code = 'PLATFORM:FEES'"))
                .as("platform fees")
                .isEqualTo(db.number("select coalesce(sum(buyer_fee_minor), 0) from contract"));
    }

    /** Every rule above that the tables alone can tell; needs no running application. */
    void tablesAgree() throws SQLException {
        nothingFilledTwice();
        tradesMatchTheirOrders();
        ledgerBalances();
        holdsEscrowAndFeesMatchTheMarket();
    }

    /** The API's held balance of each buyer is the sum of the holds of its open bids. */
    void accountsShowTheHeldBalance(MarketApi api) throws Exception {
        assertThat(heldShown(api)).as("held of each buyer in GET /account").isEqualTo(heldOfBuyers());
    }

    /** Each buyer's held balance (minor units) after checking that it is the sum of the holds of its open bids. */
    Map<String, Long> heldOfBuyers() throws SQLException {
        var held = new TreeMap<String, Long>();
        for (String buyer : BUYERS.keySet()) {
            long holds = db.number("select coalesce(sum(o.hold_minor), 0) from market_order o join organization g "
                    + "on g.id = o.organization_id where g.code = ? and o.side = 'BUY' and o.status in " + OPEN,
                    buyer);
            assertThat(db.heldMinor(buyer)).as("held of %s", buyer).isEqualTo(holds);
            held.put(buyer, holds);
        }
        return held;
    }

    /** Each buyer's held balance (minor units) as GET /account shows it. */
    static Map<String, Long> heldShown(MarketApi api) throws Exception {
        var held = new TreeMap<String, Long>();
        for (var buyer : BUYERS.entrySet()) {
            Answer account = api.get("/account", buyer.getValue());
            assertThat(account.status()).as("GET /account of %s: %s", buyer.getKey(), account.body()).isEqualTo(200);
            held.put(buyer.getKey(), new BigDecimal(account.body().get("held").asString()).movePointRight(2)
                    .longValueExact());
        }
        return held;
    }

    /** The books the API shows are exactly the open orders in the database, aggregated by price level. */
    void booksMatchOpenOrders(MarketApi api, List<Market> markets) throws Exception {
        assertThat(shownBooks(api, markets)).as("books the API shows").isEqualTo(openBooks(markets));
    }

    /** The open orders of each market by price level, best first, as "priceTicks|quantity|orders". */
    Map<String, List<String>> openBooks(List<Market> markets) throws SQLException {
        var books = new TreeMap<String, List<String>>();
        for (Market market : markets) {
            books.put(market.symbol() + " bids", openLevels(market.symbol(), "BUY", "desc"));
            books.put(market.symbol() + " asks", openLevels(market.symbol(), "SELL", "asc"));
        }
        return books;
    }

    /** The books of each market as the API shows them, in the shape of {@link #openBooks}. */
    static Map<String, List<String>> shownBooks(MarketApi api, List<Market> markets) throws Exception {
        var books = new TreeMap<String, List<String>>();
        for (Market market : markets) {
            Answer book = api.get("/instruments/" + market.symbol() + "/book", null);
            assertThat(book.status()).isEqualTo(200);
            books.put(market.symbol() + " bids", levels(book.body().get("bids")));
            books.put(market.symbol() + " asks", levels(book.body().get("asks")));
        }
        return books;
    }

    /** Client order ids held by more than one order of an organization (organization|clientOrderId|orders). */
    List<String> placedTwice() throws SQLException {
        return db.rows("select organization_id, client_order_id, count(*) from market_order "
                + "group by organization_id, client_order_id having count(*) > 1");
    }

    /**
     * Acknowledged orders that are missing from the database or behind their acknowledgement: each must be there
     * with its id, its quantity, at least its fills, the status it was acknowledged in or a later one, and all the
     * trades it was acknowledged with.
     */
    List<String> lostAcknowledgements(List<OrderTraffic> traffics) throws SQLException {
        var orders = new HashMap<String, String[]>();
        for (String row : db.rows("select client_order_id, id, quantity, filled_quantity, status from market_order")) {
            String[] columns = row.split("\\|");
            orders.put(columns[0], columns);
        }
        var trades = new HashSet<>(db.rows("select id from trade"));
        var lost = new ArrayList<String>();
        for (OrderTraffic traffic : traffics) {
            for (int i = 0; i < traffic.requests().size(); i++) {
                if (traffic.outcome(i) instanceof Acknowledged(Answer answer)) {
                    String problem = lost(answer, orders.get(traffic.requests().get(i).clientOrderId()), trades);
                    if (problem != null) {
                        lost.add(traffic.requests().get(i).clientOrderId() + ": " + problem);
                    }
                }
            }
        }
        return lost;
    }

    private static String lost(Answer answer, String[] row, Set<String> trades) {
        if (row == null) {
            return "acknowledged as " + answer.orderId() + " but not in the database";
        }
        String acknowledgedStatus = answer.body().get("status").asString();
        boolean fits = Long.parseLong(row[1]) == answer.orderId()
                && Long.parseLong(row[2]) == answer.body().get("quantity").asLong()
                && Long.parseLong(row[3]) >= answer.filledQuantity()
                && laterOrSame(acknowledgedStatus, row[4]);
        var missingTrades = new ArrayList<String>();
        answer.body().get("trades").forEach(trade -> {
            if (!trades.contains(trade.get("tradeId").asString())) {
                missingTrades.add(trade.get("tradeId").asString());
            }
        });
        if (fits && missingTrades.isEmpty()) {
            return null;
        }
        return "acknowledged " + answer.orderId() + " " + acknowledgedStatus + " filled " + answer.filledQuantity()
                + ", database " + String.join("|", row)
                + (missingTrades.isEmpty() ? "" : ", trades not in the database " + missingTrades);
    }

    /** NEW, then PARTIALLY_FILLED, then a final state; a final state stays as it is. */
    private static boolean laterOrSame(String acknowledged, String now) {
        if (acknowledged.equals(now)) {
            return true;
        }
        int then = STATUS_ORDER.indexOf(acknowledged);
        int later = STATUS_ORDER.indexOf(now);
        boolean restingThen = then == 0 || then == 1;
        boolean finalNow = later < 0 || later == 2;
        return restingThen && (finalNow || later > then);
    }

    private static List<String> levels(JsonNode levels) {
        if (levels == null || !levels.isArray()) {
            return fail("a book side is not an array: " + levels);
        }
        var out = new ArrayList<String>();
        for (JsonNode level : levels) {
            long priceTicks = new BigDecimal(level.get("price").asString()).movePointRight(2).longValueExact();
            out.add(priceTicks + "|" + level.get("quantity").asLong() + "|" + level.get("orderCount").asLong());
        }
        return out;
    }

    private List<String> openLevels(String symbol, String side, String order) throws SQLException {
        return db.rows("""
                select o.price_ticks, sum(o.remaining_quantity), count(*) from market_order o
                join instrument i on i.id = o.instrument_id
                where i.symbol = ? and o.side = ? and o.status in %s
                group by o.price_ticks order by o.price_ticks %s limit %d""".formatted(OPEN, order, SNAPSHOT_DEPTH),
                symbol, side);
    }
}
