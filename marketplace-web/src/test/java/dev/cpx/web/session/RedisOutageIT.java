package dev.cpx.web.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The production shape on MariaDB and a Redis of the test's own, which the test stops: the catalog, market data
 * and the API with a key keep answering at once, anonymous API calls still get 401, portal sign-in answers a
 * clear 503 (logged once, not as an ERROR with a stack trace per request), and everything works again once Redis
 * is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIT {

    private static final String DATABASE = "cpx_it_redisdown";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();
    private static final String PASSWORD = "demo-pass-1";
    private static final Duration AT_ONCE = Duration.ofSeconds(2);
    private static final int SIGN_IN_PAGE_LOADS = 3;
    private static final String SIGN_IN_UNAVAILABLE = "Sign-in is temporarily unavailable, try again in a minute";

    private static RedisServer redis;
    private static CpxInstance app;

    @BeforeAll
    static void startOnItsOwnRedis() {
        redis = RedisServer.onFreePort("redis-outage-it");
        redis.start();
        TestDatabases.recreate(DATABASE);
        app = CpxInstance.start(DATABASE, REDIS_PREFIX, "--CPX_REDIS_PORT=" + redis.port());
    }

    @AfterAll
    static void stopBoth() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void catalogAndApiKeepWorkingWithoutRedisAndSignInSaysItIsUnavailable(CapturedOutput output) {
        Browser signedIn = app.browser();
        assertThat(signedIn.pathOf(signedIn.signIn("trader@acme.demo", PASSWORD).location())).isEqualTo("/home");
        Browser api = app.browser();
        assertThat(api.get("/api/v1/compute-classes").status()).as("answered while Redis is up").isEqualTo(200);
        Browser onSignInForm = app.browser();
        String csrfToken = onSignInForm.csrfTokenFromLoginPage();
        int logFrom = output.getOut().length();

        redis.stop();
        await("the application noticing the outage").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> RedisHangIT.noticed(output, logFrom));

        assertThat(quickly(() -> api.get("/api/v1/compute-classes")).status()).isEqualTo(200);
        Reply instruments = quickly(() -> api.get("/api/v1/instruments?status=OPEN"));
        assertThat(instruments.status()).isEqualTo(200);
        Reply order = quickly(() -> api.postJson("/api/v1/orders", bid(lastOpenSymbol(instruments.json())),
                "Authorization", Browser.bearer("demo-acme-key")));
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        Reply anonymous = quickly(() -> app.browser().get("/api/v1/account"));
        assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        for (int i = 0; i < SIGN_IN_PAGE_LOADS; i++) {
            Reply signInPage = quickly(() -> app.browser().getHtml("/login"));
            assertThat(signInPage.status()).as("%s", signInPage).isEqualTo(503);
            assertThat(signInPage.body()).contains(SIGN_IN_UNAVAILABLE);
        }
        Reply home = quickly(() -> signedIn.getHtml("/home"));
        assertThat(home.status()).as("a session that cannot be read: %s", home).isEqualTo(503);
        assertThat(home.body()).contains(SIGN_IN_UNAVAILABLE);
        Reply signIn = quickly(() -> onSignInForm.postForm("/login", java.util.Map.of("username", "trader@nova.demo",
                "password", PASSWORD, "_csrf", csrfToken)));
        assertThat(signIn.status()).as("the form loaded before the outage, sent during it: %s", signIn)
                .isEqualTo(503);
        assertThat(signIn.body()).contains(SIGN_IN_UNAVAILABLE);
        theOutageIsLoggedOnceWithoutErrors(output.getOut().substring(logFrom));

        redis.start();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Browser again = app.browser();
            assertThat(again.pathOf(again.signIn("trader@acme.demo", PASSWORD).location())).isEqualTo("/home");
            assertThat(again.getHtml("/home").status()).isEqualTo(200);
        });
        assertThat(api.get("/api/v1/compute-classes").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/account", "Authorization", Browser.bearer("demo-acme-key")).status())
                .isEqualTo(200);
        assertThat(app.browser().get("/api/v1/account").status()).isEqualTo(401);
    }

    /** One WARN line for the outage, not an ERROR with a stack trace for each sign-in page or session. */
    private static void theOutageIsLoggedOnceWithoutErrors(String log) {
        List<String> errors = log.lines().filter(line -> line.contains(" ERROR ")).toList();
        List<String> sessionWarnings = log.lines().filter(line -> line.contains(" WARN ")
                && (line.contains("Session store unavailable") || line.contains("Redis is not answering"))).toList();
        System.out.printf("RedisOutageIT: while Redis was down, %d ERROR lines and %d WARN lines about sessions in "
                + "the log for %d sign-in pages, a signed-in page and a sign-in%n", errors.size(),
                sessionWarnings.size(), SIGN_IN_PAGE_LOADS);
        assertThat(errors).as("ERROR lines while Redis was down").isEmpty();
        assertThat(sessionWarnings).as("WARN lines about the session store while Redis was down").hasSize(1);
    }

    /** Runs one request and checks it answered within {@link #AT_ONCE}. */
    private static Reply quickly(Supplier<Reply> request) {
        long started = System.nanoTime();
        Reply reply = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("answered in %s: %s", took, reply).isLessThan(AT_ONCE);
        return reply;
    }

    private static String lastOpenSymbol(JsonNode instruments) {
        assertThat(instruments.size()).isPositive();
        return instruments.get(instruments.size() - 1).get("symbol").asString();
    }

    private static String bid(String symbol) {
        return "{\"clientOrderId\":\"redis-down-" + UUID.randomUUID() + "\",\"instrument\":\"" + symbol
                + "\",\"side\":\"BUY\",\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"1.00\",\"quantity\":1}";
    }
}
