package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import dev.cpx.web.market.OrderTraffic.Market;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two real instances on one MariaDB, as a rolling deploy or a failover runs them: orders go through either (the
 * one without the market forwards to the owner); the owner is paused (SIGSTOP) past its lease, the other takes the
 * market over; the paused one resumes and finds its lease gone: its writes are refused and it forwards again. No
 * acknowledged order is lost, nothing is sold or filled twice, the ledger sums to zero, and the journal's epochs
 * follow each other without overlap.
 */
class MarketFailoverIT {

    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final Path LOG_A = Path.of("target", "market-failover-a.log");
    private static final Path LOG_B = Path.of("target", "market-failover-b.log");
    private static final String DATABASE = "cpx_it_failover";
    private static final String FENCED = "no longer owns the market";
    private static final int CLIENTS = 4;

    private final Map<OrderRequest, Answer> acknowledged = new ConcurrentHashMap<>();

    @Test
    void aPausedOwnerIsFencedAndTheOtherInstanceCarriesOnWithoutLosingOrSellingTwice() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": package marketplace-web first");
        var db = MarketDatabase.recreate(DATABASE);
        Files.deleteIfExists(LOG_A);
        Files.deleteIfExists(LOG_B);
        var environment = new HashMap<>(db.applicationEnvironment());
        environment.put("CPX_MARKET_LEASE", "PT3S");
        environment.put("CPX_MARKET_ANSWER_TIMEOUT", "PT3S");
        List<Market> markets = markets(LocalDate.now(ZoneOffset.UTC).plusDays(2));
        var traffic = OrderTraffic.generate(41, 450, markets).requests();

        try (var a = AppProcess.start(JAR, environment, LOG_A, AppProcess.freePort())) {
            a.awaitReady();
            try (var b = AppProcess.start(JAR, environment, LOG_B, AppProcess.freePort())) {
                b.awaitReady();
                var apiA = new MarketApi(a.port());
                var apiB = new MarketApi(b.port());

                var first = send(traffic.subList(0, 150), List.of(apiA, apiB));
                assertThat(first.serverErrors()).as("orders through either instance while A owns the market")
                        .isZero();
                assertThat(first.acknowledged()).isPositive();

                a.signal("STOP");
                var second = send(traffic.subList(150, 300), List.of(apiB));
                assertThat(second.acknowledged()).as("orders through B once it took the market over").isPositive();
                assertThat(log(LOG_B)).contains("Market core rebuilt");

                a.signal("CONT");
                await().atMost(Duration.ofSeconds(30)).until(() -> log(LOG_A).contains(FENCED));
                var third = send(traffic.subList(300, 450), List.of(apiA, apiB));
                assertThat(third.serverErrors()).as("orders through either instance once A stood down").isZero();
                assertThat(third.acknowledged()).isPositive();
                System.out.printf("MarketFailoverIT: acknowledged %d / %d / %d, 5xx %d / %d / %d%n",
                        first.acknowledged(), second.acknowledged(), third.acknowledged(), first.serverErrors(),
                        second.serverErrors(), third.serverErrors());

                acknowledgedOrdersExist(apiB);
                var invariants = new MarketInvariants(db);
                invariants.nothingFilledTwice();
                invariants.tradesMatchTheirOrders();
                invariants.ledgerBalances();
                invariants.holdsEscrowAndFeesMatchTheMarket();
                noProviderSoldMoreThanItRegistered(db);
                epochsFollowEachOther(db);
            }
        }
    }

    /** What one phase got: acknowledgements, 503s and failed connections, and any other 5xx (never allowed). */
    private record Phase(int acknowledged, int serverErrors, int unexpected) {
    }

    private Phase send(List<OrderRequest> requests, List<MarketApi> apis) throws InterruptedException {
        var next = new AtomicInteger();
        var ok = new AtomicInteger();
        var errors = new AtomicInteger();
        var unexpected = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests.size()) {
                    OrderRequest request = requests.get(i);
                    try {
                        Answer answer = apis.get(i % apis.size()).place(request);
                        if (answer.acknowledged()) {
                            acknowledged.put(request, answer);
                            ok.incrementAndGet();
                        } else if (answer.status() == 503) {
                            errors.incrementAndGet();
                        } else if (answer.status() >= 500) {
                            System.out.println("MarketFailoverIT: unexpected " + answer.status() + " " + answer.body());
                            unexpected.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).as("clients finished").isTrue();
        assertThat(unexpected.get()).as("answers other than 2xx, 4xx and 503").isZero();
        return new Phase(ok.get(), errors.get(), unexpected.get());
    }

    private void acknowledgedOrdersExist(MarketApi api) throws Exception {
        for (var entry : acknowledged.entrySet()) {
            Answer now = api.get("/orders/" + entry.getValue().orderId(), entry.getKey().apiKey());
            assertThat(now.status()).as("acknowledged order %s", entry.getKey().clientOrderId()).isEqualTo(200);
            assertThat(now.filledQuantity()).isGreaterThanOrEqualTo(entry.getValue().filledQuantity());
        }
    }

    private static void noProviderSoldMoreThanItRegistered(MarketDatabase db) throws Exception {
        List<String> oversold = db.rows("""
                select c.provider_org_id, c.instrument_id from contract c join instrument i on i.id = c.instrument_id
                group by c.provider_org_id, c.instrument_id, i.compute_class_code, i.region_code
                having sum(c.quantity) > (select coalesce(sum(n.gpu_count), 0) from node n join site s
                    on s.id = n.site_id where n.organization_id = c.provider_org_id
                    and n.compute_class_code = i.compute_class_code and s.region_code = i.region_code)
                  + (select coalesce(sum(b.quantity), 0) from contract b where b.buyer_org_id = c.provider_org_id
                    and b.instrument_id = c.instrument_id)""");
        assertThat(oversold).as("providers that sold more GPUs than they have").isEmpty();
    }

    /** Each epoch's commands come after the previous epoch's: the paused owner wrote nothing after the takeover. */
    private static void epochsFollowEachOther(MarketDatabase db) throws Exception {
        List<String> epochs = db.rows("select epoch, min(sequence), max(sequence) from market_command "
                + "group by epoch order by epoch");
        assertThat(epochs).as("epochs that wrote commands").hasSizeGreaterThanOrEqualTo(2);
        long previousMax = -1;
        for (String epoch : epochs) {
            String[] parts = epoch.split("\\|");
            assertThat(Long.parseLong(parts[1])).as("epoch %s starts after the previous one", parts[0])
                    .isGreaterThan(previousMax);
            previousMax = Long.parseLong(parts[2]);
        }
    }

    private static String log(Path log) throws IOException {
        return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    private static List<Market> markets(LocalDate day) {
        return List.of(
                new Market("H100-SXM-80G.CN-EAST." + day + "T12", OrderTraffic.SHCC),
                new Market("A100-SXM-80G.CN-EAST." + day + "T12", OrderTraffic.SHCC),
                new Market("ASCEND910B-64G.CN-WEST." + day + "T12", OrderTraffic.GZDH),
                new Market("H100-SXM-80G.CN-WEST." + day + "T12", OrderTraffic.GZDH));
    }
}
