package dev.cpx.web.api.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import dev.cpx.core.ledger.LedgerService;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Wallet top-ups with the real Stripe Java client against a local Stripe-compatible server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StripeTopUpTests {

    private static final String WEBHOOK_SECRET = "whsec_test_cpx";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FakeStripe STRIPE;

    static {
        try {
            STRIPE = new FakeStripe();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:stripe-top-ups;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
        registry.add("cpx.payments.stripe-secret-key", () -> "sk_test_cpx");
        registry.add("cpx.payments.stripe-webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("cpx.payments.stripe-api-base", STRIPE::baseUrl);
    }

    @AfterAll
    static void stop() {
        STRIPE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    LedgerService ledger;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    private Reply post(String path, String key, String body, String signature) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (signature != null) {
            builder.header("Stripe-Signature", signature);
        }
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private long available(String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/account"))
                .header("Authorization", "Bearer " + key).GET().build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return new BigDecimal(JSON.readTree(body).get("available").asString()).movePointRight(2).longValueExact();
    }

    static String sign(String payload, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String digest = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload)
                .getBytes(StandardCharsets.UTF_8)));
        return "t=" + timestamp + ",v1=" + digest;
    }

    static String event(String eventId, String type, String intentId) {
        return """
                {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,"type":"%s",
                 "data":{"object":{"id":"%s","object":"payment_intent","amount":25000,"currency":"usd",
                 "status":"succeeded"}}}""".formatted(eventId, Stripe.API_VERSION, Instant.now().getEpochSecond(),
                type, intentId);
    }

    @Test
    void aTopUpCreatesAPaymentIntentAndItsSucceededEventCreditsTheWalletOnce() throws Exception {
        Reply topUp = post("/wallet/top-ups", "demo-nova-key", "{\"amount\":\"250.00\"}", null);
        assertThat(topUp.status()).isEqualTo(201);
        assertThat(topUp.body().get("status").asString()).isEqualTo("REQUIRES_PAYMENT");
        String intent = topUp.body().get("paymentIntentId").asString();
        assertThat(topUp.body().get("clientSecret").asString()).startsWith(intent + "_secret");
        var sent = STRIPE.received().getLast();
        assertThat(sent.body()).contains("amount=25000", "currency=usd");
        assertThat(sent.idempotencyKey()).startsWith("cpx-topup-");
        assertThat(sent.authorization()).isEqualTo("Bearer sk_test_cpx");

        long before = available("demo-nova-key");
        String payload = event("evt_1", "payment_intent.succeeded", intent);
        long now = Instant.now().getEpochSecond();
        Reply applied = post("/payments/stripe/webhook", null, payload, sign(payload, now));
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.body().get("result").asString()).isEqualTo("applied");
        assertThat(available("demo-nova-key") - before).isEqualTo(25000);

        Reply again = post("/payments/stripe/webhook", null, payload, sign(payload, now));
        assertThat(again.body().get("result").asString()).isEqualTo("duplicate");
        String second = event("evt_2", "payment_intent.succeeded", intent);
        post("/payments/stripe/webhook", null, second, sign(second, now));
        assertThat(available("demo-nova-key") - before).as("credited once").isEqualTo(25000);
        assertThat(ledger.journalSum()).isZero();
    }

    @Test
    void aWebhookWithABadSignatureIsRefusedAndChangesNothing() throws Exception {
        String payload = event("evt_forged", "payment_intent.succeeded", "pi_test_1");
        Reply forged = post("/payments/stripe/webhook", null, payload, "t=1,v1=" + "0".repeat(64));
        assertThat(forged.status()).isEqualTo(400);
        Reply unsigned = post("/payments/stripe/webhook", null, payload, null);
        assertThat(unsigned.status()).isEqualTo(400);
    }

    @Test
    void topUpAmountsAreChecked() throws Exception {
        assertThat(post("/wallet/top-ups", "demo-nova-key", "{\"amount\":\"0.50\"}", null).status()).isEqualTo(400);
        assertThat(post("/wallet/top-ups", "demo-nova-key", "{\"amount\":\"1.005\"}", null).status()).isEqualTo(422);
        assertThat(post("/wallet/top-ups", "demo-gzdh-key", "{\"amount\":\"10.00\"}", null).status())
                .as("a pure provider has no wallet to top up").isEqualTo(403);
    }
}
