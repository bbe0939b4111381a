package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default (H2 file database, no profile) keeps what it acknowledged through a hard kill, like the
 * production shape does: orders answered 201 and the process killed (SIGKILL) at once are all there after a
 * restart on the same data folder.
 */
class EmbeddedCrashIT {

    private static final Path JAR = Path.of("target", "cpx.jar");
    private static final Path LOG = Path.of("target", "embedded-crash-it.log");

    @TempDir
    Path data;

    @Test
    void ordersAcknowledgedJustBeforeAHardKillSurviveOnTheEmbeddedDatabase() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": package marketplace-web first");
        Files.deleteIfExists(LOG);
        var environment = Map.of("CPX_DATA_DIR", data.toString(), "CPX_DEMO", "true", "CPX_DEMO_MARKET", "false",
                "CPX_SECURE_COOKIES", "false");
        String symbol = "H100-SXM-80G.CN-EAST." + LocalDate.now(ZoneOffset.UTC).plusDays(2);
        var acknowledged = new ArrayList<Answer>();
        var requests = new ArrayList<OrderRequest>();

        try (var app = AppProcess.start(JAR, environment, LOG, AppProcess.freePort())) {
            app.awaitReady();
            var api = new MarketApi(app.port());
            for (int i = 0; i < 5; i++) {
                var request = new OrderRequest(OrderTraffic.ACME, "crash-" + i, symbol, "BUY", "GTC", "2.1" + i, 1);
                Answer answer = api.place(request);
                assertThat(answer.status()).as("%s", answer.body()).isEqualTo(201);
                acknowledged.add(answer);
                requests.add(request);
            }
            app.kill();
        }

        try (var app = AppProcess.start(JAR, environment, LOG, AppProcess.freePort())) {
            app.awaitReady();
            var api = new MarketApi(app.port());
            List<Long> found = new ArrayList<>();
            for (int i = 0; i < acknowledged.size(); i++) {
                Answer now = api.get("/orders/" + acknowledged.get(i).orderId(), requests.get(i).apiKey());
                assertThat(now.status()).as("order %s after the kill", requests.get(i).clientOrderId())
                        .isEqualTo(200);
                found.add(now.orderId());
            }
            assertThat(found).hasSize(5);
            Answer book = api.get("/instruments/" + symbol + "/book", null);
            assertThat(book.body().get("bids")).as("the rebuilt book holds the five bids").hasSize(5);
        }
    }
}
