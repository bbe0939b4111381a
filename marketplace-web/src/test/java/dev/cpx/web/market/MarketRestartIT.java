package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import dev.cpx.web.market.OrderTraffic.Acknowledged;
import dev.cpx.web.market.OrderTraffic.Market;
import dev.cpx.web.market.OrderTraffic.Refused;
import dev.cpx.web.market.OrderTraffic.ServerError;
import dev.cpx.web.market.OrderTraffic.Unanswered;
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

    @Test
    void acknowledgedOrdersSurviveAHardKillAndNothingIsPlacedOrFilledTwice() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath()
                + ": package marketplace-web first (Failsafe runs after package)");
        var db = MarketDatabase.recreate(DATABASE);
        Files.deleteIfExists(LOG);
        Map<String, String> environment = db.applicationEnvironment();
        // Two days ahead: still open whatever the hour (the gate closes an hour before a day starts).
        List<Market> markets = OrderTraffic.demoMarkets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
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
            invariants.accountsShowTheHeldBalance(api);
            invariants.booksMatchOpenOrders(api, markets);
            assertThat(db.number("select count(*) from trade")).as("trades").isPositive();
        }
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
}
