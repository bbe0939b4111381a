package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** An order's optional {@code project} goes onto its contracts, each side seeing its own. */
@EmbeddedAppTest
class ProjectApiTests {

    @LocalServerPort
    int port;

    private Browser http;
    private String symbol;

    @BeforeEach
    void connect() {
        http = new Browser(port);
    }

    /** Each test trades on an instrument of its own, so no test's trade sets another's price band. */
    private void useInstrument(int fromTheEnd) {
        JsonNode open = send("GET", "/instruments?status=OPEN&computeClass=ASCEND910B-64G&region=CN-WEST&limit=200",
                "demo-acme-key", null).body();
        symbol = open.get(open.size() - fromTheEnd).get("symbol").asString();
    }

    record Reply(int status, JsonNode body) {
    }

    @Test
    void eachSideSeesItsOwnProjectOnTheOrderAndTheContract() {
        useInstrument(3);
        Reply ask = order("demo-gzdh-key", "proj-ask", "SELL", "1.10", 2, "\"infra pool\"");
        Reply bid = order("demo-acme-key", "proj-bid", "BUY", "1.10", 2, "\"训练-llm/v2\"");

        assertThat(ask.body().get("project").asString()).isEqualTo("infra pool");
        assertThat(bid.body().get("project").asString()).isEqualTo("训练-llm/v2");
        long contractId = bid.body().get("trades").get(0).get("contractId").asLong();
        assertThat(contract("demo-acme-key", contractId).get("project").asString()).isEqualTo("训练-llm/v2");
        assertThat(contract("demo-gzdh-key", contractId).get("project").asString()).isEqualTo("infra pool");
        assertThat(order("demo-acme-key", "proj-none", "BUY", "1.00", 1, null).body().get("project").isNull()).isTrue();
    }

    @Test
    void theSameClientOrderIdWithAnotherProjectIsAnotherOrder() {
        useInstrument(4);
        assertThat(order("demo-acme-key", "proj-twice", "BUY", "1.00", 1, "\"a\"").status()).isEqualTo(201);

        assertThat(order("demo-acme-key", "proj-twice", "BUY", "1.00", 1, "\"a\"").status()).isEqualTo(200);
        assertThat(order("demo-acme-key", "proj-twice", "BUY", "1.00", 1, "\"b\"").status()).isEqualTo(409);
    }

    @Test
    void anUnreadableProjectIs400() {
        useInstrument(5);
        for (String project : new String[] {"\"\"", "\" padded\"", "\"" + "x".repeat(65) + "\"", "\"tab\\there\"",
                "\"semi;colon\"", "42"}) {
            Reply reply = order("demo-acme-key", "proj-bad-" + project.hashCode(), "BUY", "1.00", 1, project);
            assertThat(reply.status()).as(project).isEqualTo(400);
            assertThat(reply.body().get("errors").get(0).get("field").asString()).as(project).isEqualTo("project");
        }
    }

    private JsonNode contract(String key, long contractId) {
        for (JsonNode contract : send("GET", "/contracts", key, null).body()) {
            if (contract.get("contractId").asLong() == contractId) {
                return contract;
            }
        }
        throw new AssertionError("contract " + contractId + " not listed for " + key);
    }

    private Reply order(String key, String clientOrderId, String side, String price, int quantity, String project) {
        return send("POST", "/orders", key, """
                {"clientOrderId":"%s","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"GTC",\
                "price":"%s","quantity":%d%s}""".formatted(clientOrderId, symbol, side, price, quantity,
                project == null ? "" : ",\"project\":" + project));
    }

    private Reply send(String method, String path, String key, String json) {
        var reply = http.sendJson(method, "/api/v1" + path, json, "Accept", "application/json", "Authorization",
                Browser.bearer(key));
        return new Reply(reply.status(), reply.body() == null || reply.body().isBlank() ? null : reply.json());
    }
}
