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
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-acme-key", null, 403);
        JsonNode confirmed = call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key", null, 200);
        assertThat(confirmed.get("status").asString()).isEqualTo("SUCCEEDED");
        call("POST", "/wallet/top-ups/" + id + "/confirm", "demo-admin-key", null, 409);
        assertThat(available() - before).isEqualTo(100000);
        assertThat(call("GET", "/wallet/top-ups", "demo-acme-key", null, 200).get(0).get("topUpId").asLong())
                .isEqualTo(id);
        call("POST", "/payments/stripe/webhook", "demo-acme-key", "{}", 404);
    }

    private long available() throws Exception {
        return new BigDecimal(call("GET", "/account", "demo-acme-key", null, 200).get("available").asString())
                .movePointRight(2).longValueExact();
    }
}
