package dev.cpx.web.api.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.support.Browser;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;

/**
 * A test's own corner of the shared demo market: one class and region no other test trades in, capacity there from
 * GZDH, and asks listed as block orders (one per instrument, so the same calls work for daily and hourly
 * instruments). Days are whole UTC days near the end of the listing horizon, always open.
 */
final class QuoteMarket {

    record Reply(int status, JsonNode body) {
        String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asString();
        }
    }

    private final int port;

    QuoteMarket(int port) {
        this.port = port;
    }

    /** Registers a GZDH node of {@code gpus} GPUs of the class in the region, under a site no other test uses. */
    void capacity(String computeClass, String region, String site, int gpus) {
        String cpid = Cpid.of(region, "GZDH", site, "N0001").value();
        Reply registered = send("POST", "/nodes", "demo-gzdh-key", """
                {"cpid":"%s","computeClass":"%s","gpuCount":%d}""".formatted(cpid, computeClass, gpus));
        assertThat(registered.status()).as(registered.toString()).isIn(201, 409);
    }

    /** The start of the {@code back}-th whole day before the last fully listed open day of the class and region. */
    Instant day(String computeClass, String region, int back) {
        JsonNode open = send("GET", "/instruments?status=OPEN&computeClass=" + computeClass + "&region=" + region
                + "&size=500", "demo-acme-key", null).body();
        Instant lastEnd = Instant.EPOCH;
        for (JsonNode instrument : open) {
            Instant end = Instant.parse(instrument.get("deliveryEnd").asString());
            lastEnd = end.isAfter(lastEnd) ? end : lastEnd;
        }
        return lastEnd.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1 + back));
    }

    /** GZDH lists {@code quantity} GPUs at {@code price} in every instrument of {@code [start, start + days)}. */
    void ask(String computeClass, String region, Instant start, int days, int quantity, String price, String id) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Reply sell = block("demo-gzdh-key", id, computeClass, region, "SELL", quantity, start,
                    start.plus(Duration.ofDays(days)), price);
            assertThat(sell.status()).as(sell.toString()).isIn(200, 201);
        });
    }

    Reply block(String key, String clientOrderId, String computeClass, String region, String side, int quantity,
                Instant start, Instant end, String limitPrice) {
        return send("POST", "/block-orders", key, """
                {"clientOrderId":"%s","computeClass":"%s","region":"%s","side":"%s","quantity":%d,\
                "start":"%s","end":"%s","limitPrice":"%s"}""".formatted(clientOrderId, computeClass, region, side,
                quantity, start, end, limitPrice));
    }

    Reply quote(String key, String shapeJson) {
        return send("POST", "/quotes", key, shapeJson);
    }

    Reply accept(String key, String quoteId, String clientOrderId) {
        return send("POST", "/quotes/" + quoteId + "/accept", key, """
                {"clientOrderId":"%s"}""".formatted(clientOrderId));
    }

    Reply send(String method, String path, String key, String json) {
        var reply = new Browser(port).sendJson(method, "/api/v1" + path, json, "Accept", "application/json",
                "Authorization", Browser.bearer(key));
        return new Reply(reply.status(), reply.body() == null || reply.body().isBlank() ? null : reply.json());
    }
}
