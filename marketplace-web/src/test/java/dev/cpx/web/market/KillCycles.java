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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kill -9 under load, again and again, on one storage shape. Each cycle: the packaged application takes crossing
 * orders from several clients at once and is killed (SIGKILL) right after a given number of acknowledgements, with
 * other requests still in flight; the database is read as the kill left it, with the application down (so the
 * embedded H2 file can be read as well as MariaDB); the application is started again on the same data, its books
 * and held balances are compared with what was read, and every request is replayed with its clientOrderId. The
 * restarted application takes the next cycle's traffic.
 */
final class KillCycles {

    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final int ORDERS = 200;
    private static final int CLIENTS = 8;
    private static final int KILL_AFTER_ACKNOWLEDGEMENTS = 100;

    /** What one cycle counted; {@code unanswered} includes 5xx answers, which leave the client equally unsure. */
    record Counts(int cycle, long acknowledged, long refused, long unanswered, long notSent, int lost,
                  int duplicated, int committedBeforeKill, int placedByReplay, int refusedOnReplay) {

        /** Unanswered requests that are placed exactly once after their replay. */
        int recovered() {
            return committedBeforeKill + placedByReplay;
        }
    }

    /** The database as the kill left it, read before the restart. */
    private record AfterKill(List<String> lost, List<String> placedTwice, Map<String, List<String>> books,
                             Map<String, Long> held, Map<Integer, Optional<Long>> committedUnanswered) {
    }

    private final String test;
    private final Map<String, String> environment;
    private final MarketDatabase db;
    private final MarketInvariants invariants;
    private final Path log;
    private final List<Market> markets;
    private final List<OrderTraffic> traffics = new ArrayList<>();

    KillCycles(String test, Map<String, String> environment, MarketDatabase db, Path log) {
        this.test = test;
        this.environment = environment;
        this.db = db;
        this.invariants = new MarketInvariants(db);
        this.log = log;
        // Two days ahead: still open whatever the hour (the gate closes an hour before a day starts).
        this.markets = OrderTraffic.demoMarkets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
    }

    /** Runs the cycles, prints what each counted, and asserts that nothing was lost or placed twice. */
    List<Counts> run(int cycles, long seed) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath()
                + ": package marketplace-web first (Failsafe runs after package)");
        Files.deleteIfExists(log);
        var counts = new ArrayList<Counts>();
        AppProcess app = start();
        try {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                var traffic = OrderTraffic.generate("kill" + cycle, seed + cycle, ORDERS, markets);
                traffics.add(traffic);
                killUnderLoad(app, traffic);
                AfterKill state = read(traffic);
                app = start();
                Counts counted = replay(cycle, traffic, state, new MarketApi(app.port()));
                print(cycles, counted);
                counts.add(counted);
            }
            finalState(app);
        } finally {
            app.close();
        }
        printTotal(counts);
        assertNothingLostOrDuplicated(counts);
        return counts;
    }

    /**
     * A client's replay: while the killed owner's lease has not lapsed (up to {@code cpx.market.lease}) the restarted
     * instance stands by and answers 503 market-unavailable with Retry-After, so the client retries, as asked.
     */
    private static Answer placeOnceTheMarketRuns(MarketApi api, OrderRequest request) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        Answer answer = api.place(request);
        while (answer.status() == 503 && "market-unavailable".equals(answer.code()) && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250));
            answer = api.place(request);
        }
        return answer;
    }

    private AppProcess start() throws Exception {
        var app = AppProcess.start(JAR, environment, log, AppProcess.freePort());
        app.awaitReady();
        return app;
    }

    private void killUnderLoad(AppProcess app, OrderTraffic traffic) throws Exception {
        traffic.sendAndKill(new MarketApi(app.port()), CLIENTS, KILL_AFTER_ACKNOWLEDGEMENTS, () -> kill(app));
        assertThat(app.alive()).as("the application is still running: the clients ran out of orders after %d "
                + "acknowledgements, before the kill (log: %s)", traffic.count(Acknowledged.class), log).isFalse();
        assertThat(traffic.count(Acknowledged.class)).isGreaterThanOrEqualTo(KILL_AFTER_ACKNOWLEDGEMENTS);
    }

    private static void kill(AppProcess app) {
        try {
            app.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AfterKill read(OrderTraffic traffic) throws SQLException {
        invariants.tablesAgree();
        refusalsLeftNothing(traffic);
        var committed = new HashMap<Integer, Optional<Long>>();
        for (int i = 0; i < traffic.requests().size(); i++) {
            if (unsure(traffic, i)) {
                committed.put(i, db.orderId(traffic.requests().get(i).clientOrderId()));
            }
        }
        return new AfterKill(invariants.lostAcknowledgements(traffics), invariants.placedTwice(),
                invariants.openBooks(markets), invariants.heldOfBuyers(), committed);
    }

    /** The client cannot tell whether the order was placed: no answer, or a 5xx. */
    private static boolean unsure(OrderTraffic traffic, int i) {
        return traffic.outcome(i) instanceof Unanswered || traffic.outcome(i) instanceof ServerError;
    }

    /** Before the kill, the only refusals are business rules (422), and a refused order does not exist. */
    private void refusalsLeftNothing(OrderTraffic traffic) throws SQLException {
        for (int i = 0; i < traffic.requests().size(); i++) {
            if (traffic.outcome(i) instanceof Refused(Answer answer)) {
                OrderRequest request = traffic.requests().get(i);
                assertThat(answer.status()).as("answer to %s: %s", request.clientOrderId(), answer.body())
                        .isEqualTo(422);
                assertThat(db.orderId(request.clientOrderId())).as("refused order %s", request.clientOrderId())
                        .isEmpty();
            }
        }
    }

    /**
     * The restarted market shows what the kill left, then every request of the cycle is sent again: an
     * acknowledged one must answer 200 with its order, an unsure one either finds the order it committed before the
     * kill (200), or is placed now (201) or refused by a rule now (422).
     */
    private Counts replay(int cycle, OrderTraffic traffic, AfterKill state, MarketApi api) throws Exception {
        assertThat(MarketInvariants.shownBooks(api, markets)).as("books after restart %d", cycle)
                .isEqualTo(state.books());
        assertThat(MarketInvariants.heldShown(api)).as("held balances after restart %d", cycle)
                .isEqualTo(state.held());
        int placedAgain = 0;
        int committedBeforeKill = 0;
        int placedByReplay = 0;
        int refusedOnReplay = 0;
        for (int i = 0; i < traffic.requests().size(); i++) {
            OrderRequest request = traffic.requests().get(i);
            if (traffic.outcome(i) instanceof Acknowledged(Answer acknowledged)) {
                Answer again = placeOnceTheMarketRuns(api, request);
                if (again.status() != 200 || again.orderId() != acknowledged.orderId()) {
                    placedAgain++;
                }
            } else if (unsure(traffic, i)) {
                Optional<Long> committed = state.committedUnanswered().get(i);
                Answer again = placeOnceTheMarketRuns(api, request);
                assertThat(again.status()).as("replay of %s: %s", request.clientOrderId(), again.body())
                        .isIn(committed.isPresent() ? List.of(200, 201) : List.of(201, 422));
                if (committed.isPresent() && (again.status() != 200 || again.orderId() != committed.get())) {
                    placedAgain++;
                } else if (committed.isPresent()) {
                    committedBeforeKill++;
                } else if (again.status() == 201) {
                    placedByReplay++;
                } else {
                    refusedOnReplay++;
                }
            }
        }
        long unanswered = traffic.count(Unanswered.class) + traffic.count(ServerError.class);
        long answered = traffic.count(Acknowledged.class) + traffic.count(Refused.class);
        return new Counts(cycle, traffic.count(Acknowledged.class), traffic.count(Refused.class), unanswered,
                traffic.requests().size() - answered - unanswered, state.lost().size(),
                state.placedTwice().size() + placedAgain, committedBeforeKill, placedByReplay, refusedOnReplay);
    }

    /** The replays of the last cycle, checked like the others: the books shown, then the tables once stopped. */
    private void finalState(AppProcess app) throws Exception {
        var api = new MarketApi(app.port());
        Map<String, List<String>> books = MarketInvariants.shownBooks(api, markets);
        Map<String, Long> held = MarketInvariants.heldShown(api);
        app.close();
        invariants.tablesAgree();
        assertThat(invariants.openBooks(markets)).as("books shown before the final stop").isEqualTo(books);
        assertThat(invariants.heldOfBuyers()).as("held balances shown before the final stop").isEqualTo(held);
        assertThat(invariants.lostAcknowledgements(traffics)).as("acknowledged orders lost in the end").isEmpty();
        assertThat(invariants.placedTwice()).as("client order ids placed twice in the end").isEmpty();
        assertThat(db.number("select count(*) from trade")).as("trades").isPositive();
    }

    private void print(int cycles, Counts c) {
        System.out.printf("%s cycle %d/%d: %d acknowledged, %d refused (422), %d unanswered, %d not sent when killed; "
                        + "after the restart %d acknowledged-but-lost, %d duplicated, %d of %d unanswered recovered "
                        + "(%d had committed before the kill, %d placed by their replay), %d refused by a rule on "
                        + "replay; books and held balances equal the database, ledger sums 0%n", test, c.cycle(),
                cycles, c.acknowledged(), c.refused(), c.unanswered(), c.notSent(), c.lost(), c.duplicated(),
                c.recovered(), c.unanswered(), c.committedBeforeKill(), c.placedByReplay(), c.refusedOnReplay());
    }

    private void printTotal(List<Counts> counts) {
        System.out.printf("%s: %d kills, %d acknowledged, %d acknowledged-but-lost, %d duplicated, %d of %d "
                        + "unanswered recovered, %d refused on replay%n", test, counts.size(),
                counts.stream().mapToLong(Counts::acknowledged).sum(), counts.stream().mapToInt(Counts::lost).sum(),
                counts.stream().mapToInt(Counts::duplicated).sum(), counts.stream().mapToInt(Counts::recovered).sum(),
                counts.stream().mapToLong(Counts::unanswered).sum(),
                counts.stream().mapToInt(Counts::refusedOnReplay).sum());
    }

    private static void assertNothingLostOrDuplicated(List<Counts> counts) {
        for (Counts c : counts) {
            assertThat(c.lost()).as("acknowledged-but-lost in cycle %d", c.cycle()).isZero();
            assertThat(c.duplicated()).as("duplicated in cycle %d", c.cycle()).isZero();
            assertThat(c.recovered() + c.refusedOnReplay()).as("unanswered settled by replay in cycle %d", c.cycle())
                    .isEqualTo(c.unanswered());
        }
        // Seven other clients have requests in flight at each kill: a run without any proves less than it claims.
        assertThat(counts.stream().mapToLong(Counts::unanswered).sum()).as("requests the kills left unanswered")
                .isPositive();
    }
}
