package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import dev.cpx.web.market.OrderTraffic.Acknowledged;
import dev.cpx.web.market.OrderTraffic.Market;
import dev.cpx.web.market.OrderTraffic.Refused;
import dev.cpx.web.market.OrderTraffic.ServerError;
import dev.cpx.web.market.OrderTraffic.Unanswered;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Durability of the order path, end to end: the packaged application on MariaDB takes a stream of crossing orders
 * from several clients, is killed with SIGKILL in the middle of it, and is started again on the same database.
 * Every acknowledged order must still be there, every replay must find its order instead of placing another, and
 * the orders, trades, contracts, ledger and rebuilt books must agree with each other.
 */
class MarketRestartIT {

    private static final String DATABASE = "cpx_it_restart";
    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final Path LOG = Path.of("target", "market-restart-it.log");
    private static final long SEED = 20261125L;
    private static final int ORDERS = 400;
    private static final int CLIENTS = 8;
    private static final int KILL_AFTER_ACKNOWLEDGEMENTS = 200;
    private static final int SNAPSHOT_DEPTH = 20;
    private static final String OPEN = "('NEW','PARTIALLY_FILLED')";

    @Test
    void acknowledgedOrdersSurviveAHardKillAndNothingIsPlacedOrFilledTwice() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath()
                + ": package marketplace-web first (Failsafe runs after package)");
        var db = MarketDatabase.recreate(DATABASE);
        Files.deleteIfExists(LOG);
        Map<String, String> environment = db.applicationEnvironment();
        // Two days ahead: still open whatever the hour (the gate closes an hour before a day starts).
        List<Market> markets = markets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        var traffic = OrderTraffic.generate(SEED, ORDERS, markets);

        int firstPort = AppProcess.freePort();
        try (var first = AppProcess.start(JAR, environment, LOG, firstPort)) {
            first.awaitReady();
            traffic.sendAndKill(new MarketApi(firstPort), CLIENTS, KILL_AFTER_ACKNOWLEDGEMENTS, () -> kill(first));
        }
        System.out.printf("MarketRestartIT: %d acknowledged, %d refused, %d server errors, %d unanswered, "
                        + "%d not sent at the kill%n", traffic.count(Acknowledged.class), traffic.count(Refused.class),
                traffic.count(ServerError.class), traffic.count(Unanswered.class),
                ORDERS - traffic.count(Acknowledged.class) - traffic.count(Refused.class)
                        - traffic.count(ServerError.class) - traffic.count(Unanswered.class));
        // Answers already on their way when the kill lands may add a few acknowledgements.
        assertThat(traffic.count(Acknowledged.class)).isGreaterThanOrEqualTo(KILL_AFTER_ACKNOWLEDGEMENTS);
        refusalsAreBusinessRulesAndLeftNothing(traffic, db);

        int secondPort = AppProcess.freePort();
        try (var second = AppProcess.start(JAR, environment, LOG, secondPort)) {
            second.awaitReady();
            var api = new MarketApi(secondPort);
            acknowledgedOrdersSurvived(traffic, api);
            replaysOfAcknowledgedOrdersPlaceNothing(traffic, api, db);
            replaysOfUnansweredOrdersPlaceAtMostOnce(traffic, api, db);

            var invariants = new MarketInvariants(db);
            invariants.nothingFilledTwice();
            invariants.tradesMatchTheirOrders();
            invariants.ledgerBalances();
            invariants.holdsEscrowAndFeesMatchTheMarket();
            accountsShowTheHeldBalance(api, db);
            booksMatchOpenOrders(api, db, markets);
            assertThat(db.number("select count(*) from trade")).as("trades").isPositive();
        }
    }

    /** Instruments of one delivery day with the demo providers' registered capacity behind the asks. */
    private static List<Market> markets(LocalDate day) {
        return List.of(
                new Market("H100-SXM-80G.CN-EAST." + day, OrderTraffic.SHCC),
                new Market("H100-SXM-80G.CN-EAST." + day.plusDays(1), OrderTraffic.SHCC),
                new Market("A100-SXM-80G.CN-EAST." + day, OrderTraffic.SHCC),
                new Market("ASCEND910B-64G.CN-WEST." + day, OrderTraffic.GZDH),
                new Market("ASCEND910B-64G.CN-WEST." + day.plusDays(1), OrderTraffic.GZDH),
                new Market("H100-SXM-80G.CN-WEST." + day, OrderTraffic.GZDH));
    }

    private static void kill(AppProcess app) {
        try {
            app.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Before the kill, the only refusals are business rules (422), and a refused order does not exist. */
    private static void refusalsAreBusinessRulesAndLeftNothing(OrderTraffic traffic, MarketDatabase db)
            throws SQLException {
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Refused(Answer answer)) {
                OrderRequest request = traffic.requests().get(i);
                assertThat(answer.status()).as("answer to %s: %s", request.clientOrderId(), answer.body())
                        .isEqualTo(422);
                assertThat(db.orderId(request.clientOrderId())).as("refused order %s", request.clientOrderId())
                        .isEmpty();
            }
        }
    }

    /** (a) Every acknowledged order is there after the restart, with at least the trades it was acknowledged with. */
    private static void acknowledgedOrdersSurvived(OrderTraffic traffic, MarketApi api) throws Exception {
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Acknowledged(Answer acknowledged)) {
                OrderRequest request = traffic.requests().get(i);
                Answer now = api.get("/orders/" + acknowledged.orderId(), request.apiKey());
                assertThat(now.status()).as("GET of acknowledged order %s", request.clientOrderId()).isEqualTo(200);
                assertThat(now.body().get("clientOrderId").asString()).isEqualTo(request.clientOrderId());
                assertThat(now.body().get("quantity").asLong()).isEqualTo(request.quantity());
                assertThat(now.filledQuantity()).as("filled quantity of %s", request.clientOrderId())
                        .isGreaterThanOrEqualTo(acknowledged.filledQuantity());
                assertThat(tradeIds(now.body())).as("trades of %s", request.clientOrderId())
                        .containsAll(tradeIds(acknowledged.body()));
            }
        }
    }

    private static List<Long> tradeIds(JsonNode order) {
        var ids = new ArrayList<Long>();
        order.get("trades").forEach(trade -> ids.add(trade.get("tradeId").asLong()));
        return ids;
    }

    /** (b) The same request again answers 200 with the same order, and places, trades and posts nothing. */
    private static void replaysOfAcknowledgedOrdersPlaceNothing(OrderTraffic traffic, MarketApi api, MarketDatabase db)
            throws Exception {
        List<Long> before = counts(db);
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Acknowledged(Answer acknowledged)) {
                Answer replay = api.place(traffic.requests().get(i));
                assertThat(replay.status()).as("replay of %s", traffic.requests().get(i).clientOrderId())
                        .isEqualTo(200);
                assertThat(replay.orderId()).isEqualTo(acknowledged.orderId());
            }
        }
        assertThat(counts(db)).as("orders, trades, contracts and journal entries after the replays").isEqualTo(before);
    }

    /**
     * (b) A request that got no answer (or a 5xx) either committed before the kill (its replay answers 200 with the
     * committed order) or did not (its replay places it now: 201, or 422 if a rule refuses it now): never twice.
     */
    private static void replaysOfUnansweredOrdersPlaceAtMostOnce(OrderTraffic traffic, MarketApi api,
                                                                MarketDatabase db) throws Exception {
        int committed = 0;
        int placedNow = 0;
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Unanswered || traffic.outcome(i) instanceof ServerError) {
                OrderRequest request = traffic.requests().get(i);
                var committedId = db.orderId(request.clientOrderId());
                Answer replay = api.place(request);
                if (committedId.isPresent()) {
                    assertThat(replay.status()).as("replay of committed %s", request.clientOrderId()).isEqualTo(200);
                    assertThat(replay.orderId()).isEqualTo(committedId.get());
                    committed++;
                } else if (replay.status() == 201) {
                    assertThat(db.orderId(request.clientOrderId())).contains(replay.orderId());
                    placedNow++;
                } else {
                    assertThat(replay.status()).as("replay of %s: %s", request.clientOrderId(), replay.body())
                            .isEqualTo(422);
                }
            }
        }
        System.out.printf("MarketRestartIT: of the unanswered or failed requests %d had committed before the kill, "
                + "%d were placed by their replay%n", committed, placedNow);
    }

    private static List<Long> counts(MarketDatabase db) throws SQLException {
        var counts = new ArrayList<Long>();
        for (String table : List.of("market_order", "trade", "contract", "journal_entry", "journal_line")) {
            counts.add(db.number("select count(*) from " + table));
        }
        return counts;
    }

    /** (d) The API's held balance of each buyer is the sum of the holds of its open bids. */
    private static void accountsShowTheHeldBalance(MarketApi api, MarketDatabase db) throws Exception {
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

    /** (e) The books rebuilt from the database show exactly the open orders, aggregated by price level. */
    private static void booksMatchOpenOrders(MarketApi api, MarketDatabase db, List<Market> markets) throws Exception {
        for (Market market : markets) {
            Answer book = api.get("/instruments/" + market.symbol() + "/book", null);
            assertThat(book.status()).isEqualTo(200);
            assertThat(levels(book.body().get("bids"))).as("bids of %s", market.symbol())
                    .isEqualTo(openLevels(db, market.symbol(), "BUY", "desc"));
            assertThat(levels(book.body().get("asks"))).as("asks of %s", market.symbol())
                    .isEqualTo(openLevels(db, market.symbol(), "SELL", "asc"));
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

    private static List<String> openLevels(MarketDatabase db, String symbol, String side, String order)
            throws SQLException {
        return db.rows("""
                select o.price_ticks, sum(o.remaining_quantity), count(*) from market_order o
                join instrument i on i.id = o.instrument_id
                where i.symbol = ? and o.side = ? and o.status in %s
                group by o.price_ticks order by o.price_ticks %s limit %d""".formatted(OPEN, order, SNAPSHOT_DEPTH),
                symbol, side);
    }
}
