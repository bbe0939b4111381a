package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The market's integrity rules as the API answers them: price bands, open-order limits, client order ids. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:market-integrity;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "cpx.market.max-open-orders-per-organization-per-book=3",
        "cpx.market.price-band-percent=50"})
class MarketIntegrityApiTests {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Reply(int status, JsonNode body) {
        String code() {
            return body.get("code").asString();
        }
    }

    @Test
    void anOutlierPriceIsRefusedAtEntryAndTheBookTradesOn() throws Exception {
        String symbol = instrument("H20-96G", "CN-NORTH", 4);
        assertThat(order("demo-shcc-key", uniqueId(), symbol, "SELL", "2.00", 1).status()).isEqualTo(201);
        assertThat(order("demo-acme-key", uniqueId(), symbol, "BUY", "2.00", 1).body().get("status").asString())
                .isEqualTo("FILLED");

        Reply outlier = order("demo-shcc-key", uniqueId(), symbol, "SELL", "100000.00", 1);
        assertThat(outlier.status()).isEqualTo(422);
        assertThat(outlier.code()).isEqualTo("price-band");
        assertThat(outlier.body().get("detail").asString()).contains("1.00 - 3.00", "reference price 2.00");

        Reply normal = order("demo-shcc-key", uniqueId(), symbol, "SELL", "2.10", 1);
        assertThat(normal.status()).isEqualTo(201);
        assertThat(normal.body().get("status").asString()).isEqualTo("NEW");
    }

    @Test
    void theOpenOrderLimitRefusesOnlyTheOrganizationAtItsLimit() throws Exception {
        String symbol = instrument("H20-96G", "CN-NORTH", 5);
        for (int i = 0; i < 3; i++) {
            assertThat(order("demo-nova-key", uniqueId(), symbol, "BUY", "1.5" + i, 1).status()).isEqualTo(201);
        }
        Reply fourth = order("demo-nova-key", uniqueId(), symbol, "BUY", "1.60", 1);
        assertThat(fourth.status()).isEqualTo(422);
        assertThat(fourth.code()).isEqualTo("open-order-limit");

        assertThat(order("demo-acme-key", uniqueId(), symbol, "BUY", "1.60", 1).status()).isEqualTo(201);
    }

    @Test
    void aClientOrderIdRepeatedOnAnotherInstrumentIsRefusedAloneAndOthersGoOn() throws Exception {
        String id = uniqueId();
        assertThat(order("demo-nova-key", id, instrument("H20-96G", "CN-NORTH", 6), "BUY", "1.10", 1).status())
                .isEqualTo(201);
        Reply again = order("demo-nova-key", id, instrument("H20-96G", "CN-NORTH", 7), "BUY", "1.10", 1);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("idempotency-conflict");
        assertThat(order("demo-acme-key", uniqueId(), instrument("H20-96G", "CN-NORTH", 7), "BUY", "1.10", 1)
                .status()).isEqualTo(201);
    }

    @Test
    void aLoweredQuantityIsRecordedAsCancelled() throws Exception {
        Reply bid = order("demo-acme-key", uniqueId(), instrument("H20-96G", "CN-NORTH", 8), "BUY", "1.20", 5);
        long orderId = bid.body().get("orderId").asLong();
        Reply amended = send("PATCH", "/orders/" + orderId, "demo-acme-key", "{\"quantity\":2}");
        assertThat(amended.status()).isEqualTo(200);
        assertThat(amended.body().get("remainingQuantity").asLong()).isEqualTo(2);

        var row = jdbc.sql("select quantity, filled_quantity, remaining_quantity, cancelled_quantity "
                        + "from market_order where id = ?")
                .param(orderId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4)}).single();
        assertThat(row).containsExactly(5, 0, 2, 3);
    }

    private static String instrument(String computeClass, String region, int daysAhead) {
        return computeClass + "." + region + "." + LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead) + "T12";
    }

    private static String uniqueId() {
        return "integrity-" + IDS.incrementAndGet();
    }

    private Reply order(String key, String clientOrderId, String symbol, String side, String price, long quantity)
            throws Exception {
        return send("POST", "/orders", key, """
                {"clientOrderId":"%s","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"GTC",\
                "price":"%s","quantity":%d}""".formatted(clientOrderId, symbol, side, price, quantity));
    }

    private Reply send(String method, String path, String key, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Accept", "application/json").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
    }
}
