package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code PUT /account/spend-limits} and the refusals it brings, through the API on the embedded database. */
@EmbeddedAppTest
class SpendLimitsApiTests {

    private static final String NOVA = "demo-nova-key";
    private static final AtomicInteger IDS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Browser http;
    private String symbol;

    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void pickAnInstrument() {
        http = new Browser(port);
        JsonNode open = send("GET", "/instruments?status=OPEN&computeClass=A100-SXM-80G&limit=200", null, null).body();
        symbol = open.get(open.size() - 2).get("symbol").asString();
    }

    @AfterEach
    void removeLimits() {
        assertThat(send("PUT", "/account/spend-limits", NOVA, "{}").status()).isEqualTo(200);
    }

    @Test
    void aBidThatMayCostMoreThanThePerOrderLimitIsRefusedAndNothingIsStored() {
        Reply set = send("PUT", "/account/spend-limits", NOVA, "{\"perOrder\":\"50.00\"}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("perOrder").asString()).isEqualTo("50.00");
        assertThat(set.body().get("perDay").isNull()).isTrue();

        // 2 GPUs x 1 h x 24.00 = 48.00 and the 0.5% fee: 48.24. Three GPUs may cost 72.36.
        Reply fits = limit(NOVA, "BUY", "24.00", 2);
        String refusedId = "spend-refused-" + IDS.incrementAndGet();
        Reply refused = order(NOVA, refusedId, "BUY", "24.00", 3);

        assertThat(fits.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asString()).isEqualTo("spend-limit");
        assertThat(refused.body().get("detail").asString()).contains("may cost up to 72.36 with fees, over the limit "
                + "of 50.00 per order");
        assertThat(jdbc.sql("select count(*) from market_order where client_order_id = ?").param(refusedId)
                .query(Long.class).single()).isZero();
        assertThat(send("DELETE", "/orders/" + fits.body().get("orderId").asLong(), NOVA, null).status())
                .isEqualTo(200);
    }

    @Test
    void theDailyLimitCountsWhatOpenBidsHoldAndTheAccountShowsIt() {
        Reply account = send("GET", "/account", NOVA, null);
        BigDecimal committed = new BigDecimal(account.body().get("spentToday").asString())
                .add(new BigDecimal(account.body().get("held").asString()));
        String perDay = committed.add(new BigDecimal("60.00")).toPlainString();
        assertThat(send("PUT", "/account/spend-limits", NOVA, "{\"perDay\":\"" + perDay + "\"}").status())
                .isEqualTo(200);

        // Each bid holds 2 GPUs x 1 h x 24.00 and its fee: 48.24; two pass 60.00.
        Reply first = limit(NOVA, "BUY", "24.00", 2);
        Reply second = limit(NOVA, "BUY", "24.00", 2);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.body().get("code").asString()).isEqualTo("spend-limit");
        assertThat(second.body().get("detail").asString()).contains("over the daily limit of " + perDay);
        Reply after = send("GET", "/account", NOVA, null);
        assertThat(after.body().get("spendLimits").get("perDay").asString()).isEqualTo(perDay);
        assertThat(after.body().get("spendLimits").get("perOrder").isNull()).isTrue();
        assertThat(after.body().get("spentToday").asString()).isEqualTo(account.body().get("spentToday").asString());
        assertThat(send("DELETE", "/orders/" + first.body().get("orderId").asLong(), NOVA, null).status())
                .isEqualTo(200);
    }

    @Test
    void removingTheLimitsLetsTheBidThrough() {
        send("PUT", "/account/spend-limits", NOVA, "{\"perOrder\":\"0.00\"}");
        assertThat(limit(NOVA, "BUY", "1.00", 1).status()).isEqualTo(422);

        Reply removed = send("PUT", "/account/spend-limits", NOVA, "{\"perOrder\":null}");
        Reply bid = limit(NOVA, "BUY", "1.00", 1);

        assertThat(removed.body().get("perOrder").isNull()).isTrue();
        assertThat(bid.status()).isEqualTo(201);
        send("DELETE", "/orders/" + bid.body().get("orderId").asLong(), NOVA, null);
    }

    /**
     * Twenty bids at once against a daily limit with room for about two and a half: the core checks them one after
     * another, so what the day commits (spent + held) never passes the limit, whatever the interleaving.
     */
    @Test
    void concurrentBidsNeverTakeTheDayPastItsLimit() throws Exception {
        BigDecimal start = committed();
        Reply probe = limit(NOVA, "BUY", "1.00", 1);
        assertThat(probe.status()).isEqualTo(201);
        BigDecimal oneBid = committed().subtract(start);
        assertThat(oneBid).isPositive();
        BigDecimal perDay = committed().add(oneBid.multiply(new BigDecimal("2.5")))
                .setScale(2, java.math.RoundingMode.DOWN);
        assertThat(send("PUT", "/account/spend-limits", NOVA, "{\"perDay\":\"" + perDay.toPlainString() + "\"}")
                .status()).isEqualTo(200);

        var replies = new java.util.concurrent.CopyOnWriteArrayList<Reply>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
            var go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 20; i++) {
                pool.submit(() -> {
                    go.await();
                    replies.add(limit(NOVA, "BUY", "1.00", 1));
                    return null;
                });
            }
            go.countDown();
        }

        var accepted = replies.stream().filter(r -> r.status() == 201).toList();
        var refused = replies.stream().filter(r -> r.status() != 201).toList();
        assertThat(replies).hasSize(20);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.body().get("code").asString()).isEqualTo("spend-limit");
        });
        // Two when every bid rests at its full hold; a fill at a better price leaves room for one more or one less.
        assertThat(accepted).as("room for about two more bids of %s", oneBid).hasSizeBetween(1, 3);
        assertThat(committed()).as("spent + held against the daily limit").isLessThanOrEqualTo(perDay);
        for (Reply bid : accepted) {
            send("DELETE", "/orders/" + bid.body().get("orderId").asLong(), NOVA, null);
        }
        send("DELETE", "/orders/" + probe.body().get("orderId").asLong(), NOVA, null);
    }

    private BigDecimal committed() {
        JsonNode account = send("GET", "/account", NOVA, null).body();
        return new BigDecimal(account.get("spentToday").asString()).add(new BigDecimal(account.get("held").asString()));
    }

    private Reply send(String method, String path, String key, String json) {
        var reply = key == null ? http.sendJson(method, "/api/v1" + path, json, "Accept", "application/json")
                : http.sendJson(method, "/api/v1" + path, json, "Accept", "application/json", "Authorization",
                Browser.bearer(key));
        return new Reply(reply.status(), reply.body() == null || reply.body().isBlank() ? null : reply.json());
    }

    private Reply limit(String key, String side, String price, long quantity) {
        return order(key, "spend-" + IDS.incrementAndGet(), side, price, quantity);
    }

    private Reply order(String key, String clientOrderId, String side, String price, long quantity) {
        return send("POST", "/orders", key, """
                {"clientOrderId":"%s","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"GTC",\
                "price":"%s","quantity":%d}""".formatted(clientOrderId, symbol, side, price, quantity));
    }

    @Test
    void badLimitsAre400AndAProviderOnlyOrganizationHasNone() {
        for (String body : new String[] {"{\"perOrder\":\"abc\"}", "{\"perOrder\":50}", "{\"perDay\":\"-1.00\"}",
                "{\"perDay\":\"1E+9\"}", "{\"perWeek\":\"10.00\"}", "[]"}) {
            Reply reply = send("PUT", "/account/spend-limits", NOVA, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.body().get("status").asInt()).as(body).isEqualTo(400);
        }
        assertThat(send("GET", "/account", NOVA, null).body().get("spendLimits").get("perDay").isNull()).isTrue();
        assertThat(send("PUT", "/account/spend-limits", "demo-gzdh-key", "{\"perDay\":\"10.00\"}").status())
                .isEqualTo(403);
        assertThat(send("PUT", "/account/spend-limits", null, "{\"perDay\":\"10.00\"}").status()).isEqualTo(401);
    }
}
