package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import dev.cpx.web.market.OrderTraffic.Acknowledged;
import dev.cpx.web.market.OrderTraffic.Market;
import dev.cpx.web.market.OrderTraffic.Outcome;
import dev.cpx.web.market.OrderTraffic.Refused;
import dev.cpx.web.market.OrderTraffic.ServerError;
import dev.cpx.web.market.OrderTraffic.Unanswered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database goes away under load and comes back: the packaged application reaches MariaDB through a TCP proxy
 * that the test cuts for ten seconds while several clients keep placing orders. While the database is away every
 * order must be answered at once, with its outcome or a retryable 503 (Retry-After, market-unavailable or
 * service-unavailable), never a 500 and never a hang, and readiness must say DOWN and why. Once the database is back
 * the market must rebuild itself and take orders again, and nothing acknowledged may be lost: the orders, the books
 * the API shows, the ledger and the holds must agree.
 */
class MarketDatabaseOutageIT {

    private static final String DATABASE = "cpx_it_outage";
    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final Path LOG = Path.of("target", "market-database-outage-it.log");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SEED = 20261201L;
    /** An upper bound only: the clients stop once the market took orders again after the outage. */
    private static final int ORDERS = 1_500;
    private static final int CLIENTS = 6;
    private static final Duration PACE = Duration.ofMillis(100);
    /**
     * The longest any answer may take. A database call gives up within the pool's connection timeout (3 s); the
     * market's own answer timeout (10 s, plus 5 s for the commit) is what a command stuck in the market would wait.
     */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(8);
    private static final int ACKNOWLEDGED_BEFORE_CUT = 60;
    private static final Duration CUT = Duration.ofSeconds(10);
    private static final Duration RECOVERY_WITHIN = Duration.ofSeconds(30);
    private static final int ACKNOWLEDGED_AFTER_RESTORE = 40;
    private static final int LAST_BATCH = 20;
    private static final Set<Integer> HEALTHY_ANSWERS = Set.of(200, 201, 422);
    private static final Set<Integer> OUTAGE_ANSWERS = Set.of(200, 201, 422, 503);
    private static final Set<String> UNAVAILABLE_CODES = Set.of("market-unavailable", "service-unavailable");

    private enum Phase { BEFORE, DURING, AFTER }

    @Test
    void ordersFailFastWhileTheDatabaseIsAwayAndFlowAgainOnceItIsBack() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath()
                + ": package marketplace-web first (Failsafe runs after package)");
        var db = MarketDatabase.recreate(DATABASE);
        Files.deleteIfExists(LOG);
        // Two days ahead: still open whatever the hour (the gate closes an hour before a day starts).
        List<Market> markets = OrderTraffic.demoMarkets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        var traffic = OrderTraffic.generate("outage", SEED, ORDERS, markets);

        try (var proxy = TcpProxy.start(db.host(), db.port())) {
            var environment = new HashMap<>(db.applicationEnvironment("127.0.0.1", proxy.port()));
            // Readiness names its components and what they say, so the test can read why the market is down.
            environment.put("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS", "always");
            int port = AppProcess.freePort();
            try (var app = AppProcess.start(JAR, environment, LOG, port)) {
                app.awaitReady();
                var api = new MarketApi(port, CLIENT_TIMEOUT);
                var clients = traffic.start(api, CLIENTS, PACE);
                long cutAt;
                long restoredAt;
                long downAfterMillis;
                long recoveryMillis;
                JsonNode down;
                try {
                    await("%d acknowledged orders before the cut".formatted(ACKNOWLEDGED_BEFORE_CUT))
                            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .until(() -> stillSending(clients) && traffic.count(Acknowledged.class)
                                    >= ACKNOWLEDGED_BEFORE_CUT);

                    cutAt = System.nanoTime();
                    proxy.cut();
                    down = awaitMarketDown(app);
                    downAfterMillis = millisSince(cutAt);
                    // The cut lasts its full time whatever the probe saw, so that traffic meets the outage for long.
                    long rest = CUT.toNanos() - (System.nanoTime() - cutAt);
                    if (rest > 0) {
                        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(rest));
                    }
                    proxy.restore();
                    restoredAt = System.nanoTime();

                    await("readiness UP again after the database came back (log: " + LOG + ")")
                            .atMost(RECOVERY_WITHIN).pollInterval(Duration.ofMillis(250))
                            .until(() -> ready(app));
                    recoveryMillis = millisSince(restoredAt);
                    await("%d orders acknowledged after the database came back".formatted(ACKNOWLEDGED_AFTER_RESTORE))
                            .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> stillSending(clients) && traffic.acknowledgedSentSince(restoredAt)
                                    >= ACKNOWLEDGED_AFTER_RESTORE);
                } finally {
                    clients.stop(CLIENT_TIMEOUT.plusSeconds(10));
                }

                report(traffic, cutAt, restoredAt, downAfterMillis, recoveryMillis, proxy, down);
                // What the clients got is checked as a whole and reported at the end, after the checks of what
                // the market kept, so that one run tells both.
                var answers = new SoftAssertions();
                everyRequestWasAnsweredInTime(answers, traffic, cutAt, restoredAt);
                answersFitThePhase(answers, traffic, cutAt, restoredAt);
                unavailableAnswersSayWhenToRetry(answers, traffic);
                answers.assertThat(countDuring(traffic, cutAt, restoredAt, 503))
                        .as("503 answers while the database was away").isPositive();
                theMarketSaidWhyItWasDown(answers, down);

                // The core thread and the journal thread survived: a last batch goes through as usual.
                var last = OrderTraffic.generate("outage-last", SEED + 1, LAST_BATCH, markets);
                aLastBatchIsTaken(last, api);

                var invariants = new MarketInvariants(db);
                assertThat(invariants.lostAcknowledgements(List.of(traffic, last)))
                        .as("acknowledged orders missing from the database or behind their acknowledgement").isEmpty();
                refusedOrdersLeftNothing(db, traffic);
                replaysOfUnavailableOrdersPlaceAtMostOnce(db, traffic, api);

                invariants.nothingFilledTwice();
                invariants.tradesMatchTheirOrders();
                invariants.ledgerBalances();
                invariants.holdsEscrowAndFeesMatchTheMarket();
                invariants.accountsShowTheHeldBalance(api);
                // Snapshots are published right after the answers go out: give the last one a moment.
                await("the books the API shows equal the open orders").atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> invariants.booksMatchOpenOrders(api, markets));
                assertThat(db.number("select count(*) from trade")).as("trades").isPositive();
                assertThat(app.alive()).as("the application is still running").isTrue();
                answers.assertAll();
            }
        }
    }

    /** The clients ran out of orders before the test was done with them: the run proves nothing. */
    private static boolean stillSending(OrderTraffic.Running clients) {
        if (clients.finished()) {
            throw new AssertionError("the clients sent all " + ORDERS + " orders before the test was done");
        }
        return true;
    }

    /**
     * Waits, within the cut, until readiness says DOWN because of the market; returns that readiness body. Each probe
     * takes about the pool's connection timeout (3 s) while the database is away, as its db component waits for a
     * connection, so this sees DOWN a few seconds into the cut.
     */
    private static JsonNode awaitMarketDown(AppProcess app) {
        var last = new AtomicReference<JsonNode>();
        await("readiness DOWN with the market DOWN while the database is away (log: " + LOG + ")")
                .atMost(CUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    var response = probe(app);
                    if (response == null || response.status != 503) {
                        return false;
                    }
                    last.set(response.body);
                    JsonNode market = response.body.path("components").path("market");
                    return "DOWN".equals(response.body.path("status").asString())
                            && "DOWN".equals(market.path("status").asString());
                });
        return last.get();
    }

    private static boolean ready(AppProcess app) {
        var response = probe(app);
        return response != null && response.status == 200 && "UP".equals(response.body.path("status").asString())
                && "UP".equals(response.body.path("components").path("market").path("status").asString());
    }

    private record Probe(int status, JsonNode body) {
    }

    /** One readiness call; null when it gave no answer in time (the probe itself may wait for the database). */
    private static Probe probe(AppProcess app) {
        if (!app.alive()) {
            throw new AssertionError("the application exited; see " + LOG);
        }
        try {
            var response = app.readiness(Duration.ofSeconds(6));
            return new Probe(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Phase phase(OrderTraffic traffic, int i, long cutAt, long restoredAt) {
        if (traffic.answeredNanos(i) - cutAt < 0) {
            return Phase.BEFORE;
        }
        return traffic.sentNanos(i) - restoredAt <= 0 ? Phase.DURING : Phase.AFTER;
    }

    private static void report(OrderTraffic traffic, long cutAt, long restoredAt, long downAfterMillis,
                               long recoveryMillis, TcpProxy proxy, JsonNode down) {
        var counts = new TreeMap<String, Integer>();
        var slowest = new HashMap<Phase, Long>();
        for (int i = 0; i < ORDERS; i++) {
            Outcome outcome = traffic.outcome(i);
            if (outcome == null) {
                continue;
            }
            Phase phase = phase(traffic, i, cutAt, restoredAt);
            counts.merge(phase.ordinal() + " " + phase + " " + label(outcome), 1, Integer::sum);
            slowest.merge(phase, (traffic.answeredNanos(i) - traffic.sentNanos(i)) / 1_000_000, Math::max);
        }
        System.out.printf("MarketDatabaseOutageIT: answers by phase %s; slowest answer (ms) by phase %s; "
                        + "readiness DOWN %d ms after the cut: %s; readiness UP %d ms after the restore; "
                        + "proxy forwarded %d connections and refused %d%n", counts, slowest, downAfterMillis,
                down.path("components").path("market"), recoveryMillis, proxy.accepted(), proxy.refused());
    }

    private static String label(Outcome outcome) {
        return switch (outcome) {
            case Acknowledged(Answer answer) -> String.valueOf(answer.status());
            case Refused(Answer answer) -> String.valueOf(answer.status());
            case ServerError(Answer answer) -> String.valueOf(answer.status());
            case Unanswered unanswered -> "unanswered";
        };
    }

    /** No request went unanswered: the server never hung past the client's timeout, nor dropped a connection. */
    private static void everyRequestWasAnsweredInTime(SoftAssertions soft, OrderTraffic traffic, long cutAt,
                                                      long restoredAt) {
        var unanswered = new ArrayList<String>();
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Unanswered(String error)) {
                unanswered.add(traffic.requests().get(i).clientOrderId() + " (" + phase(traffic, i, cutAt, restoredAt)
                        + ", " + (traffic.answeredNanos(i) - traffic.sentNanos(i)) / 1_000_000 + " ms): " + error);
            }
        }
        soft.assertThat(unanswered).as("orders without an answer within %s", CLIENT_TIMEOUT).isEmpty();
    }

    /** Before the cut only business answers; from the cut on also 503; never a 500 or any other status. */
    private static void answersFitThePhase(SoftAssertions soft, OrderTraffic traffic, long cutAt, long restoredAt) {
        var unexpected = new ArrayList<String>();
        for (int i = 0; i < ORDERS; i++) {
            Answer answer = answer(traffic.outcome(i));
            if (answer == null) {
                continue;
            }
            Phase phase = phase(traffic, i, cutAt, restoredAt);
            Set<Integer> allowed = phase == Phase.BEFORE ? HEALTHY_ANSWERS : OUTAGE_ANSWERS;
            if (!allowed.contains(answer.status())) {
                unexpected.add(traffic.requests().get(i).clientOrderId() + " (" + phase + "): " + answer.status()
                        + " " + answer.body());
            }
        }
        soft.assertThat(unexpected).as("answers other than %s before the cut and %s from the cut on", HEALTHY_ANSWERS,
                OUTAGE_ANSWERS).isEmpty();
    }

    /** Every 503 is a problem detail that names the cause and tells the client when to retry. */
    private static void unavailableAnswersSayWhenToRetry(SoftAssertions soft, OrderTraffic traffic) {
        var bad = new ArrayList<String>();
        for (int i = 0; i < ORDERS; i++) {
            Answer answer = answer(traffic.outcome(i));
            if (answer != null && answer.status() == 503) {
                String retryAfter = answer.header("Retry-After");
                if (retryAfter == null || !retryAfter.matches("[1-9][0-9]*")
                        || !UNAVAILABLE_CODES.contains(answer.code())) {
                    bad.add(traffic.requests().get(i).clientOrderId() + ": Retry-After " + retryAfter + ", "
                            + answer.body());
                }
            }
        }
        soft.assertThat(bad).as("503 answers without Retry-After or with a code other than %s", UNAVAILABLE_CODES)
                .isEmpty();
    }

    private static long countDuring(OrderTraffic traffic, long cutAt, long restoredAt, int status) {
        long n = 0;
        for (int i = 0; i < ORDERS; i++) {
            Answer answer = answer(traffic.outcome(i));
            if (answer != null && answer.status() == status
                    && phase(traffic, i, cutAt, restoredAt) == Phase.DURING) {
                n++;
            }
        }
        return n;
    }

    private static Answer answer(Outcome outcome) {
        return switch (outcome) {
            case Acknowledged(Answer answer) -> answer;
            case Refused(Answer answer) -> answer;
            case ServerError(Answer answer) -> answer;
            case Unanswered unanswered -> null;
            case null -> null;
        };
    }

    private static void theMarketSaidWhyItWasDown(SoftAssertions soft, JsonNode readiness) {
        JsonNode market = readiness.path("components").path("market");
        soft.assertThat(market.path("details").path("state").asString()).as("market state in readiness %s", readiness)
                .isNotIn("ACTIVE", "");
        soft.assertThat(market.path("details").path("detail").asString()).as("why the market is down, in %s", readiness)
                .isNotBlank();
    }

    /** New orders, one after the other: each is taken (201) or refused by a business rule (422), some are taken. */
    private static void aLastBatchIsTaken(OrderTraffic last, MarketApi api) {
        for (int i = 0; i < LAST_BATCH; i++) {
            OrderRequest request = last.requests().get(i);
            Outcome outcome = OrderTraffic.send(api, request);
            Answer answer = answer(outcome);
            assertThat(answer == null ? null : answer.status())
                    .as("last batch order %s: %s", request.clientOrderId(), outcome).isIn(201, 422);
            last.record(i, outcome);
        }
        assertThat(last.count(Acknowledged.class)).as("acknowledged orders of the last batch").isPositive();
    }

    /** A business refusal (422) left no order behind. */
    private static void refusedOrdersLeftNothing(MarketDatabase db, OrderTraffic traffic) throws SQLException {
        var committed = new HashSet<>(db.rows("select client_order_id from market_order"));
        var left = new ArrayList<String>();
        for (int i = 0; i < ORDERS; i++) {
            if (traffic.outcome(i) instanceof Refused(Answer answer) && answer.status() == 422
                    && committed.contains(traffic.requests().get(i).clientOrderId())) {
                left.add(traffic.requests().get(i).clientOrderId() + ": " + answer.body());
            }
        }
        assertThat(left).as("orders refused with 422 that are in the database").isEmpty();
    }

    /**
     * A 503 tells the client to retry: the same request again either finds the order it may have placed after all
     * (200, the committed order) or places it now (201, or 422 if a rule refuses it now), never a second one.
     */
    private static void replaysOfUnavailableOrdersPlaceAtMostOnce(MarketDatabase db, OrderTraffic traffic,
                                                                  MarketApi api) throws Exception {
        int committedAnyway = 0;
        int placedByReplay = 0;
        for (int i = 0; i < ORDERS; i++) {
            if (!(traffic.outcome(i) instanceof ServerError(Answer answer)) || answer.status() != 503) {
                continue;
            }
            OrderRequest request = traffic.requests().get(i);
            var committedId = db.orderId(request.clientOrderId());
            Answer replay = api.place(request);
            if (committedId.isPresent()) {
                assertThat(replay.status()).as("replay of %s, committed despite its 503", request.clientOrderId())
                        .isEqualTo(200);
                assertThat(replay.orderId()).isEqualTo(committedId.get());
                committedAnyway++;
            } else if (replay.status() == 201) {
                assertThat(db.orderId(request.clientOrderId())).contains(replay.orderId());
                placedByReplay++;
            } else {
                assertThat(replay.status()).as("replay of %s: %s", request.clientOrderId(), replay.body())
                        .isEqualTo(422);
            }
        }
        assertThat(db.rows("select client_order_id from market_order group by client_order_id, organization_id "
                + "having count(*) > 1")).as("client order ids placed twice").isEmpty();
        System.out.printf("MarketDatabaseOutageIT: of the orders answered 503, %d had committed anyway, "
                + "%d were placed by their replay%n", committedAnyway, placedByReplay);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
