package dev.cpx.web.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.cpx.settlement.alerts.AlertJob;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Alerts to a real SMTP server (GreenMail) and to a webhook that fails once: each delivered once, signed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AlertDeliveryTests {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final HttpServer HOOKS;
    private static final List<String[]> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FAILURES_LEFT = new AtomicInteger(1);

    static {
        SMTP.start();
        try {
            HOOKS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HOOKS.createContext("/hooks", exchange -> {
            RECEIVED.add(new String[] {new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("CPX-Signature")});
            exchange.sendResponseHeaders(FAILURES_LEFT.getAndDecrement() > 0 ? 500 : 204, -1);
            exchange.close();
        });
        HOOKS.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:alerts;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        HOOKS.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    AlertJob job;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aLowBalanceIsToldOnceByMailAndBySignedWebhookWhichIsRetriedAfterItFails() throws Exception {
        var http = new Browser(port);
        Reply saved = http.sendJson("PUT", "/api/v1/organization/alerts", """
                {"email":"finance@acme.example","webhookUrl":"http://127.0.0.1:%d/hooks","lowBalance":"2000000.00"}"""
                .formatted(HOOKS.getAddress().getPort()), "Accept", "application/json", "Authorization",
                Browser.bearer("demo-acme-key"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String secret = saved.json().get("webhookSecret").asString();

        job.notice();
        job.deliver();
        job.notice();
        job.deliver();

        assertThat(SMTP.getReceivedMessages()).singleElement().satisfies(message -> {
            assertThat(message.getSubject()).isEqualTo("[CPX] Low balance: 1000000.00 available");
            assertThat(message.getAllRecipients()[0].toString()).isEqualTo("finance@acme.example");
        });
        assertThat(RECEIVED).as("the webhook's first attempt, answered 500").hasSize(1);
        JsonNode log = deliveries(http);
        assertThat(log.findValuesAsString("status")).containsExactlyInAnyOrder("SENT", "PENDING");
        assertThat(log.findValuesAsString("lastError")).contains("the webhook answered 500");

        jdbc.sql("update alert_delivery set next_attempt_at = next_attempt_at - interval '1' hour "
                + "where status = 'PENDING'").update();
        job.deliver();
        job.deliver();

        assertThat(RECEIVED).hasSize(2);
        String[] second = RECEIVED.get(1);
        assertThat(second[0]).contains("\"kind\":\"low-balance\"");
        String timestamp = second[1].substring(2, second[1].indexOf(','));
        assertThat(second[1]).endsWith(",v1=" + hmac(secret, timestamp + "." + second[0]));
        assertThat(deliveries(http).findValuesAsString("status")).containsExactly("SENT", "SENT");
        assertThat(SMTP.getReceivedMessages()).as("still one e-mail").hasSize(1);

        http.signIn("finance@acme.demo", "demo-pass-1");
        assertThat(http.getHtml("/settings/alerts").body()).contains("Delivery log", "Low balance: 1000000.00 available",
                "finance@acme.example", secret);
    }

    @Test
    void badSettingsAreRefusedByName() {
        var http = new Browser(port);
        Reply refused = http.sendJson("PUT", "/api/v1/organization/alerts",
                "{\"email\":\"not an address\",\"webhookUrl\":\"ftp://x\",\"lowBalance\":\"5.00\"}",
                "Accept", "application/json", "Authorization", Browser.bearer("demo-nova-key"));
        Reply negative = http.sendJson("PUT", "/api/v1/organization/alerts", "{\"lowBalance\":\"-1.00\"}",
                "Accept", "application/json", "Authorization", Browser.bearer("demo-nova-key"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("email", "webhookUrl");
        assertThat(negative.json().get("errors").findValuesAsString("field")).containsExactly("lowBalance");
        assertThat(http.get("/api/v1/organization/alerts", "Accept", "application/json", "Authorization",
                Browser.bearer("demo-nova-key")).json().get("email").isNull()).as("nothing saved").isTrue();
    }

    private JsonNode deliveries(Browser http) {
        return http.get("/api/v1/organization/alerts/deliveries", "Accept", "application/json", "Authorization",
                Browser.bearer("demo-acme-key")).json();
    }

    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
