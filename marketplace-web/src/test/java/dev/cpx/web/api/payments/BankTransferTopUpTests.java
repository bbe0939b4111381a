package dev.cpx.web.api.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Without Stripe keys a top-up waits for a bank transfer that platform finance confirms, once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:bank-top-ups;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class BankTransferTopUpTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(String method, String path, String key, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    @Test
    void aConfirmedTransferCreditsTheWalletOnce() throws Exception {
        JsonNode topUp = call("POST", "/wallet/top-ups", "demo-acme-key", "{\"amount\":\"1000.00\"}", 201);
        assertThat(topUp.get("status").asString()).isEqualTo("AWAITING_TRANSFER");
        assertThat(topUp.get("paymentIntentId").isNull()).isTrue();
        long id = topUp.get("topUpId").asLong();
        assertThat(topUp.get("bankReference").asString()).isEqualTo("CPX-TOPUP-" + id);

        long before = available();
        String receipt = "{\"amountReceived\":\"999.50\",\"bankReference\":\"ICBC 2026-12-07 00042\"}";
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-acme-key", receipt, 403);
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key", null, 400);
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key",
                "{\"amountReceived\":\"999.50\",\"bankReference\":\"\"}", 400);
        JsonNode confirmed = call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key", receipt, 200);
        assertThat(confirmed.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(confirmed.get("amount").asString()).isEqualTo("1000.00");
        assertThat(confirmed.get("amountReceived").asString()).isEqualTo("999.50");
        assertThat(confirmed.get("receivedReference").asString()).isEqualTo("ICBC 2026-12-07 00042");
        assertThat(confirmed.get("confirmedBy").asString()).isEqualTo("CPX key " + adminKeyId());
        assertThat(confirmed.get("confirmedAt").isNull()).isFalse();
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key", receipt, 409);
        // The wallet gets what arrived, once.
        assertThat(available() - before).isEqualTo(99950);
        assertThat(call("GET", "/wallet/top-ups", "demo-acme-key", null, 200).get(0).get("topUpId").asLong())
                .isEqualTo(id);
        call("POST", "/payments/stripe/webhook", "demo-acme-key", "{}", 404);
    }

    private long adminKeyId() throws Exception {
        return jdbc.sql("select k.id from api_key k join organization o on o.id = k.organization_id "
                + "where o.code = 'CPX' order by k.id limit 1").query(Long.class).single();
    }

    private long available() throws Exception {
        return new BigDecimal(call("GET", "/account", "demo-acme-key", null, 200).get("available").asString())
                .movePointRight(2).longValueExact();
    }
}
