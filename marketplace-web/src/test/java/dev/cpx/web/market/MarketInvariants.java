package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.OrderTraffic.Market;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What must hold in the market's tables whatever happened to the process: every query lists the rows that break a
 * rule, so each must come back empty. Also what the API shows must agree with those tables.
 */
final class MarketInvariants {

    private static final String OPEN = "('NEW','PARTIALLY_FILLED')";
    private static final int SNAPSHOT_DEPTH = 20;

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

    /** The API's held balance of each buyer is the sum of the holds of its open bids. */
    void accountsShowTheHeldBalance(MarketApi api) throws Exception {
        for (var buyer : Map.of("ACME", OrderTraffic.ACME, "NOVA", OrderTraffic.NOVA).entrySet()) {
            long holds = db.number("select coalesce(sum(o.hold_minor), 0) from market_order o join organization g "
                    + "on g.id = o.organization_id where g.code = ? and o.side = 'BUY' and o.status in " + OPEN,
                    buyer.getKey());
            assertThat(db.heldMinor(buyer.getKey())).as("held of %s", buyer.getKey()).isEqualTo(holds);
            Answer account = api.get("/account", buyer.getValue());
            assertThat(new BigDecimal(account.body().get("held").asString()))
                    .as("held of %s in GET /account", buyer.getKey())
                    .isEqualByComparingTo(BigDecimal.valueOf(holds, 2));
        }
    }

    /** The books the API shows are exactly the open orders in the database, aggregated by price level. */
    void booksMatchOpenOrders(MarketApi api, List<Market> markets) throws Exception {
        for (Market market : markets) {
            Answer book = api.get("/instruments/" + market.symbol() + "/book", null);
            assertThat(book.status()).isEqualTo(200);
            assertThat(levels(book.body().get("bids"))).as("bids of %s", market.symbol())
                    .isEqualTo(openLevels(market.symbol(), "BUY", "desc"));
            assertThat(levels(book.body().get("asks"))).as("asks of %s", market.symbol())
                    .isEqualTo(openLevels(market.symbol(), "SELL", "asc"));
        }
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
