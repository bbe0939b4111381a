package dev.cpx.web.api.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeLiveness;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Listed means rentable, through the API: a provider's asks are backed by live nodes; a node reporting DOWN, or
 * going silent past the limit, cancels the asks it backed (reason {@code capacity-lost}), and UP lists again.
 */
@EmbeddedAppTest
class LiveCapacityApiTests {

    private static final String GZDH = "demo-gzdh-key";
    private static final AtomicInteger NODES = new AtomicInteger();
    private static final AtomicInteger ORDERS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    NodeLiveness liveness;
    @Autowired
    Clock clock;

    private Browser http;

    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void connect() {
        http = new Browser(port);
    }

    @Test
    void aNodeReportingDownCancelsTheAsksItBackedAndUpListsAgain() {
        String symbol = instrument("CN-SOUTH");
        String cpid = registerNode("CN-SOUTH", 8);
        long ask = awaitAsk(symbol, 8);

        assertThat(heartbeat(cpid, clock.instant(), "DOWN").status()).isEqualTo(200);

        awaitCancelledForLostCapacity(ask);
        Reply refused = ask(symbol, 1);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asString()).isEqualTo("no-capacity");
        assertThat(refused.body().get("detail").asString()).contains("(8 not live)");

        heartbeat(cpid, clock.instant(), "UP");

        long listed = awaitAsk(symbol, 8);
        assertThat(send("GET", "/orders/" + listed, null).body().has("cancelReason"))
                .as("only the market's own cancels carry a reason").isFalse();
    }

    @Test
    void aNodeSilentPastTheLimitStopsBackingAsks() {
        String symbol = instrument("CN-EAST");
        String cpid = registerNode("CN-EAST", 4);
        long ask = awaitAsk(symbol, 4);
        // Its only heartbeat is older than the limit: stored, but it says nothing about now.
        heartbeat(cpid, clock.instant().minus(NodeLiveness.SILENCE_LIMIT).minusSeconds(30), "UP");
        assertThat(send("GET", "/orders/" + ask, null).body().get("status").asString()).isEqualTo("NEW");

        assertThat(liveness.markSilentNodesDown()).isGreaterThanOrEqualTo(1);
        assertThat(liveness.markSilentNodesDown()).as("a second sweep finds nothing new").isZero();

        awaitCancelledForLostCapacity(ask);
    }

    @Test
    void aRetiredNodeLeavesTheCapacityAndANodeStillToDeliverCannotRetire() {
        String symbol = instrument("CN-NORTH");
        String cpid = registerNode("CN-NORTH", 8);
        String sold = registerNode("CN-NORTH", 8);
        long ask = awaitAsk(symbol, 16);
        Reply bought = send("POST", "/orders", "demo-acme-key", """
                {"clientOrderId":"live-buy-%d","instrument":"%s","side":"BUY","type":"LIMIT","timeInForce":"IOC",\
                "price":"9.00","quantity":8}""".formatted(ORDERS.incrementAndGet(), symbol));
        long contract = bought.body().get("trades").get(0).get("contractId").asLong();
        assertThat(send("POST", "/contracts/" + contract + "/allocations", GZDH, "{\"cpids\":[\"" + sold + "\"]}")
                .status()).isEqualTo(200);

        Reply allocated = send("POST", "/nodes/" + sold + "/retire", GZDH, null);
        Reply retired = send("POST", "/nodes/" + cpid + "/retire", GZDH, null);

        assertThat(allocated.status()).isEqualTo(409);
        assertThat(allocated.body().get("detail").asString()).contains("allocated to contract " + contract);
        assertThat(retired.status()).isEqualTo(200);
        assertThat(retired.body().get("status").asString()).isEqualTo("RETIRED");
        // 8 left, 8 sold: the 8 still offered are no longer covered.
        awaitCancelledForLostCapacity(ask);
        assertThat(send("POST", "/nodes/" + cpid + "/retire", GZDH, null).status()).isEqualTo(409);
        assertThat(send("POST", "/nodes/" + cpid + "/retire", "demo-shcc-key", null).status()).isEqualTo(404);
    }

    /** The market applies the liveness change from its inbox right after the heartbeat's transaction commits. */
    private void awaitCancelledForLostCapacity(long orderId) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode order = send("GET", "/orders/" + orderId, GZDH, null).body();
            assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.get("cancelReason").asString()).isEqualTo("capacity-lost");
        });
    }

    /** An L40S instrument of the region; GZDH has no other L40S nodes there, so the test decides its capacity. */
    private String instrument(String region) {
        JsonNode open = send("GET", "/instruments?status=OPEN&computeClass=L40S-48G&region=" + region + "&limit=200",
                null).body();
        return open.get(open.size() - 1).get("symbol").asString();
    }

    private String registerNode(String region, int gpus) {
        String cpid = Cpid.of(region, "GZDH", "LV" + NODES.incrementAndGet(), "N0001").value();
        Reply registered = send("POST", "/nodes", """
                {"cpid":"%s","computeClass":"L40S-48G","gpuCount":%d}""".formatted(cpid, gpus));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return cpid;
    }

    /** The market learns of a registration from its inbox, right after the registration commits. */
    private long awaitAsk(String symbol, int gpus) {
        JsonNode[] placed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Reply reply = ask(symbol, gpus);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            placed[0] = reply.body();
        });
        return placed[0].get("orderId").asLong();
    }

    private Reply ask(String symbol, int gpus) {
        return send("POST", "/orders", """
                {"clientOrderId":"live-%d","instrument":"%s","side":"SELL","type":"LIMIT","timeInForce":"GTC",\
                "price":"9.00","quantity":%d}""".formatted(ORDERS.incrementAndGet(), symbol, gpus));
    }

    private Reply heartbeat(String cpid, Instant at, String status) {
        return send("POST", "/heartbeats", """
                {"records":[{"cpid":"%s","at":"%s","status":"%s"}]}""".formatted(cpid, at, status));
    }

    private Reply send(String method, String path, String json) {
        return send(method, path, GZDH, json);
    }

    private Reply send(String method, String path, String key, String json) {
        var reply = http.sendJson(method, "/api/v1" + path, json, "Accept", "application/json", "Authorization",
                Browser.bearer(key));
        return new Reply(reply.status(), reply.body() == null || reply.body().isBlank() ? null : reply.json());
    }
}
