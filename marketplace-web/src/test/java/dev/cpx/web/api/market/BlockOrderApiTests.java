package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /block-orders}: a provider lists a range in one call, a buyer takes it whole or not at all. */
@EmbeddedAppTest
class BlockOrderApiTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    record Reply(int status, JsonNode body) {
    }

    @Test
    void aProviderListsADayOfHoursAndABuyerTakesItWholeOrNotAtAll() {
        // GZDH has no L40S in CN-WEST but this node, so the test alone decides what can be sold there.
        String cpid = Cpid.of("CN-WEST", "GZDH", "BLK1", "N0001").value();
        assertThat(send("POST", "/nodes", "demo-gzdh-key", """
                {"cpid":"%s","computeClass":"L40S-48G","gpuCount":8}""".formatted(cpid)).status()).isEqualTo(201);
        // A day is a block of 24 hourly instruments: the day after tomorrow (UTC), all of it open.
        Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plus(Duration.ofDays(1));

        JsonNode[] listed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Reply sell = block("demo-gzdh-key", "list-1", "SELL", 4, start, end, "2.00");
            assertThat(sell.status()).as(sell.toString()).isEqualTo(201);
            listed[0] = sell.body();
        });
        assertThat(listed[0].get("status").asString()).isEqualTo("OPEN");
        assertThat(listed[0].get("orders")).hasSize(24)
                .allSatisfy(order -> assertThat(order.get("status").asString()).isEqualTo("NEW"));

        Reply tooMany = block("demo-acme-key", "buy-too-many", "BUY", 5, start, end, "9.00");
        Reply bought = block("demo-acme-key", "buy-1", "BUY", 4, start, end, "2.00");
        Reply again = block("demo-acme-key", "buy-1", "BUY", 4, start, end, "2.00");

        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.body().get("code").asString()).isEqualTo("block-not-fillable");
        assertThat(jdbc.sql("select count(*) from market_order where client_order_id like 'buy-too-many:%'")
                .query(Long.class).single()).isZero();
        assertThat(bought.status()).isEqualTo(201);
        assertThat(bought.body().get("status").asString()).isEqualTo("FILLED");
        assertThat(bought.body().get("averagePrice").asString()).isEqualTo("2.00");
        // 4 GPUs x 24 one-hour instruments x 2.00
        assertThat(bought.body().get("total").asString()).isEqualTo("192.00");
        assertThat(bought.body().get("orders")).hasSize(24)
                .allSatisfy(order -> assertThat(order.get("status").asString()).isEqualTo("FILLED"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("blockOrderId").asLong()).isEqualTo(bought.body().get("blockOrderId").asLong());
        // One contract per hour, each covering exactly its instrument's hour.
        var windows = jdbc.sql("select c.delivery_start, c.delivery_end from contract c join market_order o "
                        + "on o.id = (select t.buy_order_id from trade t where t.id = c.trade_id) "
                        + "where o.client_order_id like 'buy-1:%' order by c.delivery_start")
                .query((rs, n) -> Duration.between(rs.getObject(1, LocalDateTime.class),
                        rs.getObject(2, LocalDateTime.class))).list();
        assertThat(windows).hasSize(24).containsOnly(Duration.ofHours(1));
    }

    @Test
    void aRangeOffTheInstrumentsBoundariesIsRefusedSayingWhy() {
        Reply offHour = block("demo-acme-key", "off-1", "BUY", 1, Instant.parse("2030-01-01T05:30:00Z"),
                Instant.parse("2030-01-02T00:00:00Z"), "1.00");
        Reply noInstruments = block("demo-acme-key", "off-2", "BUY", 1, Instant.parse("2030-01-01T05:00:00Z"),
                Instant.parse("2030-01-02T00:00:00Z"), "1.00");

        assertThat(offHour.status()).isEqualTo(400);
        assertThat(offHour.body().get("errors").get(0).get("field").asString()).isEqualTo("start");
        assertThat(noInstruments.status()).isEqualTo(400);
        assertThat(noInstruments.body().get("detail").asString()).contains("must fall on instrument boundaries");
    }

    @Test
    void aProjectOutsideTheOrdersRuleIsRefusedAndNothingIsStored() {
        String clientOrderId = "bad-project-" + System.nanoTime();
        Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(3).atTime(2, 0).toInstant(ZoneOffset.UTC);
        Reply reply = send("POST", "/block-orders", "demo-acme-key", """
                {"clientOrderId":"%s","computeClass":"L40S-48G","region":"CN-WEST","side":"BUY","quantity":1,                "start":"%s","end":"%s","limitPrice":"9.00","project":"%s"}""".formatted(clientOrderId, start,
                start.plusSeconds(7_200), "p".repeat(65)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").get(0).get("field").asString()).isEqualTo("project");
        assertThat(jdbc.sql("select count(*) from market_order where client_order_id like ?")
                .param(clientOrderId + "%").query(Long.class).single()).isZero();
    }

    private Reply block(String key, String clientOrderId, String side, int quantity, Instant start, Instant end,
                        String limitPrice) {
        return send("POST", "/block-orders", key, """
                {"clientOrderId":"%s","computeClass":"L40S-48G","region":"CN-WEST","side":"%s","quantity":%d,\
                "start":"%s","end":"%s","limitPrice":"%s"}""".formatted(clientOrderId, side, quantity, start, end,
                limitPrice));
    }

    private Reply send(String method, String path, String key, String json) {
        var reply = new Browser(port).sendJson(method, "/api/v1" + path, json, "Accept", "application/json",
                "Authorization", Browser.bearer(key));
        return new Reply(reply.status(), reply.body() == null || reply.body().isBlank() ? null : reply.json());
    }
}
