package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code GET /price-index}: public, from executed trades, carried over days without trades. */
@EmbeddedAppTest
class PriceIndexApiTests {

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;

    private Browser http;

    @BeforeEach
    void connect() {
        http = new Browser(port);
    }

    @Test
    void theDaysTradesMakeItsIndexAndTheNextDayCarriesIt() {
        JsonNode open = get("/api/v1/instruments?status=OPEN&computeClass=MI300X-192G&region=CN-WEST&limit=200");
        String symbol = open.get(open.size() - 1).get("symbol").asString();
        long hours = open.get(open.size() - 1).get("hours").asLong();
        order("demo-gzdh-key", "pi-ask-1", symbol, "SELL", "1.00", 2);
        order("demo-gzdh-key", "pi-ask-2", symbol, "SELL", "3.00", 2);
        JsonNode bid = order("demo-acme-key", "pi-bid", symbol, "BUY", "3.00", 4);
        assertThat(bid.get("status").asString()).isEqualTo("FILLED");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        JsonNode index = get("/api/v1/price-index?computeClass=MI300X-192G&region=CN-WEST&from=" + today + "&to="
                + today.plusDays(1));

        assertThat(index).hasSize(2);
        // 2 GPUs for the instrument's hours at 1.00 and as many at 3.00: two trades, not trimmed. Nothing else in these tests trades MI300X
        // in CN-WEST, so the day is these two trades alone.
        assertThat(index.get(0).get("date").asString()).isEqualTo(today.toString());
        assertThat(index.get(0).get("price").asString()).isEqualTo("2.00");
        assertThat(index.get(0).get("volumeGpuHours").asLong()).isEqualTo(4 * hours);
        assertThat(index.get(0).get("trades").asInt()).isEqualTo(2);
        assertThat(index.get(0).get("carriedFrom").isNull()).isTrue();
        assertThat(index.get(0).get("methodology").asString()).isEqualTo("cpx-vwap-trim10-v1");
        java.math.BigDecimal scu = null;
        for (JsonNode computeClass : get("/api/v1/compute-classes")) {
            if (computeClass.get("code").asString().equals("MI300X-192G")) {
                scu = new java.math.BigDecimal(computeClass.get("scu").asString());
            }
        }
        assertThat(new java.math.BigDecimal(index.get(0).get("pricePerScuHour").asString()))
                .isEqualByComparingTo(new java.math.BigDecimal("2.00").divide(scu, 4, java.math.RoundingMode.HALF_UP));
        assertThat(index.get(1).get("price").asString()).isEqualTo("2.00");
        assertThat(index.get(1).get("trades").asInt()).isZero();
        assertThat(index.get(1).get("carriedFrom").asString()).isEqualTo(today.toString());
    }

    @Test
    void badDatesAndTooLongARangeAre400() {
        for (String query : new String[] {"from=yesterday", "to=2026-13-01", "from=2026-01-01&to=2026-12-01",
                "from=2026-12-02&to=2026-12-01", "to=2026-12-01T00:00:00Z"}) {
            var reply = http.get("/api/v1/price-index?" + query, "Accept", "application/json");
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.contentType()).as(query).startsWith("application/problem+json");
        }
        assertThat(http.get("/api/v1/price-index?computeClass=NOPE", "Accept", "application/json").json()).isEmpty();
    }

    private JsonNode get(String path) {
        var reply = http.get(path, "Accept", "application/json");
        assertThat(reply.status()).as(path).isEqualTo(200);
        return reply.json();
    }

    private JsonNode order(String key, String clientOrderId, String symbol, String side, String price, int quantity) {
        var reply = http.postJson("/api/v1/orders", """
                {"clientOrderId":"%s","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"GTC",\
                "price":"%s","quantity":%d}""".formatted(clientOrderId, symbol, side, price, quantity),
                "Accept", "application/json", "Authorization", Browser.bearer(key));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
        return reply.json();
    }
}
