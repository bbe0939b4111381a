package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live market data crosses application instances through Redis: a browser subscribed to an instrument's feed
 * on one instance sees an order placed through another.
 */
class MarketFeedRedisIT {

    private static final String DATABASE = "cpx_it_feed";
    private static final String REDIS_PREFIX = "cpx:it-feed";

    private static CpxInstance owner;
    private static CpxInstance viewer;

    @BeforeAll
    static void start() {
        TestDatabases.recreate(DATABASE);
        owner = CpxInstance.start(DATABASE, REDIS_PREFIX);
        viewer = CpxInstance.start(DATABASE, REDIS_PREFIX);
    }

    @AfterAll
    static void stop() {
        if (viewer != null) {
            viewer.deleteRedisKeys(REDIS_PREFIX);
            viewer.close();
        }
        if (owner != null) {
            owner.close();
        }
    }

    @Test
    void anAskPlacedOnOneInstanceReachesAFeedOnTheOther() throws Exception {
        String symbol = "H100-SXM-80G.CN-EAST." + LocalDate.now(ZoneOffset.UTC).plusDays(3) + "T12";
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + viewer.port() + "/market/" + symbol
                + "/stream")).header("Accept", "text/event-stream").GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);

        try (var events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = nextData(events);
            assertThat(first).as("the current book comes first").contains(symbol).doesNotContain("\"4.21\"");
            CompletableFuture<String> update = CompletableFuture.supplyAsync(() -> {
                try {
                    return nextData(events);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var placed = new Browser(owner.port()).postJson("/api/v1/orders", """
                    {"clientOrderId":"feed-1","instrument":"%s","side":"SELL","type":"LIMIT","price":"4.21",
                     "quantity":2}""".formatted(symbol), "Authorization", Browser.bearer("demo-shcc-key"));
            assertThat(placed.status()).isEqualTo(201);

            String data = update.get(Duration.ofSeconds(20).toSeconds(), TimeUnit.SECONDS);
            assertThat(data).contains("\"4.21\"");
        }
    }

    /** The data of the next server-sent event. */
    private static String nextData(BufferedReader events) throws Exception {
        var data = new StringBuilder();
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && !data.isEmpty()) {
                return data.toString();
            }
        }
        throw new IllegalStateException("the feed ended");
    }
}
