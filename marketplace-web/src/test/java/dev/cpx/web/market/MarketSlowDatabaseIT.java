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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The database gets slow under load and fast again: the packaged application reaches MariaDB through a TCP proxy
 * that delays every chunk, first by 100 ms each way (200 ms a round trip), then by 1 s each way (2 s a round trip,
 * so that a batch's commit takes longer than the market's 10 s answer timeout), then not at all. Users must
 * get correct answers, only slower, or a retryable 503 with Retry-After; never a 500 and never silence. A command
 * the market could not take before its deadline is dropped unexecuted (its order is not in the database); nothing
 * acknowledged is lost, nothing is placed twice, and orders flow at the usual speed once the latency goes.
 */
class MarketSlowDatabaseIT {

    private static final String DATABASE = "cpx_it_slow";
    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final Path LOG = Path.of("target", "market-slow-database-it.log");
    private static final long SEED = 20261208L;
    /** An upper bound only: the clients stop once the market took orders again after the latency went. */
    private static final int ORDERS = 2_000;
    private static final int CLIENTS = 6;
    private static final Duration PACE = Duration.ofMillis(100);
    /** Past anything the server may take (10 s answer timeout, 5 s for the commit, a key read): it speaks first. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
    private static final int ACKNOWLEDGED_BEFORE = 40;
    private static final Duration SLOW = Duration.ofMillis(100);
    private static final Duration SLOW_FOR = Duration.ofSeconds(15);
    private static final Duration VERY_SLOW = Duration.ofMillis(1_000);
    private static final Duration VERY_SLOW_FOR = Duration.ofSeconds(40);
    private static final int ACKNOWLEDGED_AFTER = 40;
    private static final Set<Integer> ALLOWED = Set.of(200, 201, 422, 503);
    private static final Set<String> UNAVAILABLE_CODES = Set.of("market-unavailable", "market-busy",
            "service-unavailable");
    private static final String NOT_EXECUTED = "not executed";
    private static final String ANY_DETAIL = "";

    private enum Phase { BEFORE, SLOW, VERY_SLOW, AFTER }

    /** When each phase began, as {@link System#nanoTime()}. */
    private record Timeline(long slowAt, long verySlowAt, long restoredAt) {

        Phase phase(OrderTraffic traffic, int i) {
            long sent = traffic.sentNanos(i);
            if (sent - slowAt < 0) {
                return Phase.BEFORE;
            }
            if (sent - verySlowAt < 0) {
                return Phase.SLOW;
            }
            return sent - restoredAt < 0 ? Phase.VERY_SLOW : Phase.AFTER;
        }
    }

    @Test
    void aSlowDatabaseSlowsAnswersOrTurnsThemInto503sAndLosesNothing() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath()
                + ": package marketplace-web first (Failsafe runs after package)");
        var db = MarketDatabase.recreate(DATABASE);
        Files.deleteIfExists(LOG);
        List<Market> markets = OrderTraffic.demoMarkets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        var traffic = OrderTraffic.generate("slow", SEED, ORDERS, markets);

        try (var proxy = TcpProxy.start(db.host(), db.port());
             var app = AppProcess.start(JAR, db.applicationEnvironment("127.0.0.1", proxy.port()), LOG,
                     AppProcess.freePort())) {
            app.awaitReady();
            var api = new MarketApi(app.port(), CLIENT_TIMEOUT);
            Timeline timeline = slowDownUnderTraffic(traffic, api, proxy, app);

            report(traffic, timeline);
            var answers = new SoftAssertions();
            answersAreCorrectOrRetryable(answers, traffic, timeline);
            // Whether a command waits past its deadline in the queue (dropped, "not executed") or is executed and
            // its commit outlasts the wait ("may still complete") depends on where the commits stand when it
            // arrives: both are counted, and the first kind is checked against the database whenever it occurs.
            answers.assertThat(count(traffic, timeline, Phase.VERY_SLOW, ANY_DETAIL))
                    .as("503 answers while the database took 2 s a round trip").isPositive();

            var invariants = new MarketInvariants(db);
            assertThat(invariants.lostAcknowledgements(List.of(traffic)))
                    .as("acknowledged orders missing from the database or behind their acknowledgement").isEmpty();
            droppedCommandsLeftNothing(db, traffic);
            Replays replays = replaysOf503sPlaceAtMostOnce(db, traffic, api);
            assertThat(invariants.placedTwice()).as("client order ids placed twice").isEmpty();
            invariants.tablesAgree();
            invariants.accountsShowTheHeldBalance(api);
            await("the books the API shows equal the open orders").atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> invariants.booksMatchOpenOrders(api, markets));
            System.out.printf("MarketSlowDatabaseIT: of the orders answered 503, %d had committed anyway (their "
                    + "replay answered 200), %d were placed by their replay, %d refused by a rule on replay; "
                    + "acknowledged-but-lost 0, duplicated 0%n", replays.committedAnyway(), replays.placed(),
                    replays.refused());
            answers.assertAll();
        }
    }

    private static Timeline slowDownUnderTraffic(OrderTraffic traffic, MarketApi api, TcpProxy proxy, AppProcess app)
            throws InterruptedException {
        var clients = traffic.start(api, CLIENTS, PACE);
        try {
            await("%d acknowledged orders before the database slows down".formatted(ACKNOWLEDGED_BEFORE))
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stillSending(clients) && traffic.count(Acknowledged.class) >= ACKNOWLEDGED_BEFORE);
            long slowAt = System.nanoTime();
            proxy.delay(SLOW);
            // Each latency lasts its full time whatever the traffic does, so that traffic meets it for long.
            Thread.sleep(SLOW_FOR.toMillis());
            long verySlowAt = System.nanoTime();
            proxy.delay(VERY_SLOW);
            Thread.sleep(VERY_SLOW_FOR.toMillis());
            proxy.delay(Duration.ZERO);
            long restoredAt = System.nanoTime();
            await("%d orders acknowledged after the latency went (log: %s)".formatted(ACKNOWLEDGED_AFTER, LOG))
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stillSending(clients) && app.alive()
                            && traffic.acknowledgedSentSince(restoredAt) >= ACKNOWLEDGED_AFTER);
            return new Timeline(slowAt, verySlowAt, restoredAt);
        } finally {
            clients.stop(CLIENT_TIMEOUT.plusSeconds(10));
        }
    }

    private static boolean stillSending(OrderTraffic.Running clients) {
        if (clients.finished()) {
            throw new AssertionError("the clients sent all " + ORDERS + " orders before the test was done");
        }
        return true;
    }

    /** Per phase: answers by status (503s by what they say), the slowest and the median answer time. */
    private static void report(OrderTraffic traffic, Timeline timeline) {
        var counts = new TreeMap<String, Integer>();
        var millis = new TreeMap<Phase, List<Long>>();
        for (int i = 0; i < traffic.requests().size(); i++) {
            Outcome outcome = traffic.outcome(i);
            if (outcome != null) {
                Phase phase = timeline.phase(traffic, i);
                counts.merge(phase.ordinal() + " " + phase + " " + label(outcome), 1, Integer::sum);
                millis.computeIfAbsent(phase, p -> new ArrayList<>())
                        .add((traffic.answeredNanos(i) - traffic.sentNanos(i)) / 1_000_000);
            }
        }
        var times = new TreeMap<Phase, String>();
        millis.forEach((phase, list) -> {
            list.sort(null);
            times.put(phase, "median " + list.get(list.size() / 2) + ", slowest " + list.getLast());
        });
        System.out.printf("MarketSlowDatabaseIT: answers by phase %s; answer times (ms) by phase %s%n", counts, times);
    }

    private static String label(Outcome outcome) {
        Answer answer = answer(outcome);
        if (answer == null) {
            return "unanswered";
        }
        if (answer.status() != 503) {
            return String.valueOf(answer.status());
        }
        String detail = answer.body().path("detail").asString();
        return "503 " + answer.code() + (detail.contains(NOT_EXECUTED) ? " (not executed)"
                : detail.contains("may still complete") ? " (may still complete)" : "");
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

    /** Every request was answered in time, with 200, 201, 422 or a 503 that says when to retry: never a 500. */
    private static void answersAreCorrectOrRetryable(SoftAssertions soft, OrderTraffic traffic, Timeline timeline) {
        var unexpected = new ArrayList<String>();
        for (int i = 0; i < traffic.requests().size(); i++) {
            Outcome outcome = traffic.outcome(i);
            if (outcome == null) {
                continue;
            }
            Answer answer = answer(outcome);
            String request = traffic.requests().get(i).clientOrderId() + " (" + timeline.phase(traffic, i) + ")";
            if (answer == null) {
                unexpected.add(request + ": no answer within " + CLIENT_TIMEOUT + ": " + outcome);
            } else if (!ALLOWED.contains(answer.status())) {
                unexpected.add(request + ": " + answer.status() + " " + answer.body());
            } else if (answer.status() == 503 && (!UNAVAILABLE_CODES.contains(answer.code())
                    || answer.header("Retry-After") == null || !answer.header("Retry-After").matches("[1-9][0-9]*"))) {
                unexpected.add(request + ": 503 without Retry-After or with another code: " + answer.body());
            }
        }
        soft.assertThat(unexpected).as("answers other than 200, 201, 422 or a retryable 503").isEmpty();
    }

    /** 503 answers to requests sent in {@code phase} whose detail contains {@code detail}. */
    private static long count(OrderTraffic traffic, Timeline timeline, Phase phase, String detail) {
        long n = 0;
        for (int i = 0; i < traffic.requests().size(); i++) {
            Answer answer = answer(traffic.outcome(i));
            if (answer != null && answer.status() == 503 && timeline.phase(traffic, i) == phase
                    && answer.body().path("detail").asString().contains(detail)) {
                n++;
            }
        }
        return n;
    }

    /** A 503 that says the command was not executed means it: its order is not in the database, nor a 422's. */
    private static void droppedCommandsLeftNothing(MarketDatabase db, OrderTraffic traffic) throws SQLException {
        var left = new ArrayList<String>();
        for (int i = 0; i < traffic.requests().size(); i++) {
            Answer answer = answer(traffic.outcome(i));
            boolean notExecuted = answer != null && answer.status() == 503
                    && answer.body().path("detail").asString().contains(NOT_EXECUTED);
            if ((notExecuted || answer != null && answer.status() == 422)
                    && db.orderId(traffic.requests().get(i).clientOrderId()).isPresent()) {
                left.add(traffic.requests().get(i).clientOrderId() + ": " + answer.body());
            }
        }
        assertThat(left).as("orders answered 503 (not executed) or 422 that are in the database").isEmpty();
    }

    private record Replays(int committedAnyway, int placed, int refused) {
    }

    /**
     * The same request again after a 503 finds the order it placed after all (200) or places it now (201, or 422 if
     * a rule refuses it now): never a second one. Returns how many did each.
     */
    private static Replays replaysOf503sPlaceAtMostOnce(MarketDatabase db, OrderTraffic traffic, MarketApi api)
            throws Exception {
        int committedAnyway = 0;
        int placed = 0;
        int refused = 0;
        for (int i = 0; i < traffic.requests().size(); i++) {
            if (!(traffic.outcome(i) instanceof ServerError(Answer answer)) || answer.status() != 503) {
                continue;
            }
            OrderRequest request = traffic.requests().get(i);
            var committed = db.orderId(request.clientOrderId());
            Answer replay = api.place(request);
            if (committed.isPresent()) {
                assertThat(replay.status()).as("replay of %s, committed despite its 503", request.clientOrderId())
                        .isEqualTo(200);
                assertThat(replay.orderId()).isEqualTo(committed.get());
                committedAnyway++;
            } else {
                assertThat(replay.status()).as("replay of %s: %s", request.clientOrderId(), replay.body())
                        .isIn(201, 422);
                if (replay.status() == 201) {
                    placed++;
                } else {
                    refused++;
                }
            }
        }
        return new Replays(committedAnyway, placed, refused);
    }
}
