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
    @Autowired
    dev.cpx.settlement.payments.PaymentService payments;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

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

    @Test
    void stripeTroubleLeavesTheTopUpPendingAndTheJanitorFinishesItWithTheSameKey() throws Exception {
        // stripe-java retries once by itself: two 500s, then the janitor's call a while later.
        STRIPE.failNext(500);
        STRIPE.failNext(429);
        int calls = STRIPE.received().size();
        Reply topUp = post("/wallet/top-ups", "demo-acme-key", "{\"amount\":\"40.00\"}", null);

        assertThat(topUp.status()).isEqualTo(201);
        assertThat(topUp.body().get("status").asString()).isEqualTo("PENDING");
        assertThat(topUp.body().get("paymentIntentId").isNull()).isTrue();
        long id = topUp.body().get("topUpId").asLong();
        jdbc.sql("update wallet_top_up set created_at = created_at - interval '2' minute where id = ?").param(id)
                .update();

        payments.retryUnanswered();

        var sent = STRIPE.received().subList(calls, STRIPE.received().size());
        assertThat(sent).hasSize(3).extracting(FakeStripe.Received::idempotencyKey).containsOnly(sent.get(0)
                .idempotencyKey());
        assertThat(topUpStatus(id)).isEqualTo("REQUIRES_PAYMENT");
    }

    @Test
    void anEventThatComesBeforeItsIntentIsStoredIsMatchedByTheTopUpInItsMetadata() throws Exception {
        STRIPE.failNext(503);
        STRIPE.failNext(503);
        Reply topUp = post("/wallet/top-ups", "demo-acme-key", "{\"amount\":\"30.00\"}", null);
        long id = topUp.body().get("topUpId").asLong();
        long before = available("demo-acme-key");

        String payload = """
                {"id":"evt_early","object":"event","api_version":"%s","created":%d,"livemode":false,
                 "type":"payment_intent.succeeded","data":{"object":{"id":"pi_early","object":"payment_intent",
                 "amount":3000,"currency":"usd","status":"succeeded","metadata":{"cpx_top_up_id":"%d"}}}}"""
                .formatted(Stripe.API_VERSION, Instant.now().getEpochSecond(), id);
        Reply applied = post("/payments/stripe/webhook", null, payload, sign(payload, Instant.now().getEpochSecond()));

        assertThat(applied.body().get("result").asString()).isEqualTo("applied");
        assertThat(available("demo-acme-key") - before).isEqualTo(3000);
        assertThat(jdbc.sql("select payment_intent_id from wallet_top_up where id = ?").param(id).query(String.class)
                .single()).isEqualTo("pi_early");
    }

    @Test
    void refundsAndDisputesTakeTheMoneyBackOutOnceAndADisputeWonReturnsIt() throws Exception {
        String intent = paidTopUp("250.00");
        long before = available("demo-nova-key");

        webhook("evt_refund_1", "charge.refunded", charge(intent, 10_000));
        webhook("evt_refund_1", "charge.refunded", charge(intent, 10_000));
        webhook("evt_refund_2", "charge.refunded", charge(intent, 10_000));
        assertThat(before - available("demo-nova-key")).as("refunded 100.00 once").isEqualTo(10_000);
        webhook("evt_refund_3", "charge.refunded", charge(intent, 25_000));
        assertThat(before - available("demo-nova-key")).as("refunded in full").isEqualTo(25_000);
        assertThat(topUpStatusOfIntent(intent)).isEqualTo("REFUNDED");

        String disputedIntent = paidTopUp("80.00");
        long paid = available("demo-nova-key");
        webhook("evt_dispute_1", "charge.dispute.created", dispute(disputedIntent, 8_000, "needs_response"));
        webhook("evt_dispute_2", "charge.dispute.funds_withdrawn", dispute(disputedIntent, 8_000, "needs_response"));
        assertThat(paid - available("demo-nova-key")).as("withdrawn once").isEqualTo(8_000);
        assertThat(topUpStatusOfIntent(disputedIntent)).isEqualTo("DISPUTED");
        webhook("evt_dispute_3", "charge.dispute.closed", dispute(disputedIntent, 8_000, "won"));
        assertThat(available("demo-nova-key")).as("a dispute won returns it").isEqualTo(paid);
        assertThat(topUpStatusOfIntent(disputedIntent)).isEqualTo("SUCCEEDED");
        assertThat(ledger.journalSum()).isZero();
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameTopUpAndPaysOnce() throws Exception {
        int calls = STRIPE.received().size();
        Reply first = postKeyed("k-2026-12-07-1", "{\"amount\":\"50.00\"}");
        Reply again = postKeyed("k-2026-12-07-1", "{\"amount\":\"50.00\"}");
        Reply other = postKeyed("k-2026-12-07-1", "{\"amount\":\"60.00\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("topUpId").asLong()).isEqualTo(first.body().get("topUpId").asLong());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().get("code").asString()).isEqualTo("idempotency-conflict");
        assertThat(STRIPE.received().size() - calls).as("one payment intent").isEqualTo(1);
        assertThat(postKeyed("not a key!", "{\"amount\":\"50.00\"}").status()).isEqualTo(400);
    }

    private String paidTopUp(String amount) throws Exception {
        String intent = post("/wallet/top-ups", "demo-nova-key", "{\"amount\":\"" + amount + "\"}", null).body()
                .get("paymentIntentId").asString();
        webhook("evt_paid_" + intent, "payment_intent.succeeded", """
                {"id":"%s","object":"payment_intent","amount":%d,"currency":"usd","status":"succeeded"}"""
                .formatted(intent, new BigDecimal(amount).movePointRight(2).longValueExact()));
        return intent;
    }

    private static String charge(String intent, long refunded) {
        return """
                {"id":"ch_%s","object":"charge","amount":25000,"amount_refunded":%d,"currency":"usd",
                 "payment_intent":"%s","refunded":false}""".formatted(intent, refunded, intent);
    }

    private static String dispute(String intent, long amount, String status) {
        return """
                {"id":"dp_%s","object":"dispute","amount":%d,"currency":"usd","payment_intent":"%s","status":"%s"}"""
                .formatted(intent, amount, intent, status);
    }

    private void webhook(String eventId, String type, String object) throws Exception {
        String payload = """
                {"id":"%s","object":"event","api_version":"%s","created":%d,"livemode":false,"type":"%s",
                 "data":{"object":%s}}""".formatted(eventId, Stripe.API_VERSION, Instant.now().getEpochSecond(), type,
                object);
        assertThat(post("/payments/stripe/webhook", null, payload, sign(payload, Instant.now().getEpochSecond()))
                .status()).isEqualTo(200);
    }

    private String topUpStatus(long id) {
        return jdbc.sql("select status from wallet_top_up where id = ?").param(id).query(String.class).single();
    }

    private String topUpStatusOfIntent(String intent) {
        return jdbc.sql("select status from wallet_top_up where payment_intent_id = ?").param(intent)
                .query(String.class).single();
    }

    private Reply postKeyed(String idempotencyKey, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/wallet/top-ups"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer demo-acme-key")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
