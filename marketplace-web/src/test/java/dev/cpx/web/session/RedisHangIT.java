package dev.cpx.web.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The production shape on MariaDB with a Redis of the test's own that hangs: the server is paused (SIGSTOP), so
 * the application's connections stay open and nothing answers, which a client only notices through its 2 s command
 * timeout. Once the application has noticed (its one WARN line), the catalog, market data and the API with a key must answer at once
 * again, and sign-in must say plainly that it is unavailable, each within a second and without an ERROR in the
 * log; once Redis answers again everything works as before.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisHangIT {

    private static final String DATABASE = "cpx_it_redishang";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();
    private static final String PASSWORD = "demo-pass-1";
    /** Half the Redis command timeout: a request that waited for Redis cannot be this fast. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);
    private static final int REPEATS = 20;
    private static final String SIGN_IN_UNAVAILABLE = "Sign-in is temporarily unavailable, try again in a minute";

    private static RedisServer redis;
    private static CpxInstance app;

    @BeforeAll
    static void startOnItsOwnRedis() {
        redis = RedisServer.onFreePort("redis-hang-it");
        redis.start();
        TestDatabases.recreate(DATABASE);
        app = CpxInstance.start(DATABASE, REDIS_PREFIX, "--CPX_REDIS_PORT=" + redis.port());
    }

    @AfterAll
    static void stopBoth() {
        if (redis != null) {
            redis.resume();
        }
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void aHungRedisCostsEachRequestNoMoreThanAMomentOnceNoticedAndSignInSaysItIsUnavailable(CapturedOutput output) {
        Browser signedIn = app.browser();
        assertThat(signedIn.pathOf(signedIn.signIn("trader@acme.demo", PASSWORD).location())).isEqualTo("/home");
        Browser api = app.browser();
        assertThat(api.get("/api/v1/compute-classes").status()).as("cached in Redis while it answers").isEqualTo(200);
        Browser onSignInForm = app.browser();
        String csrfToken = onSignInForm.csrfTokenFromLoginPage();
        int logFrom = output.getOut().length();

        redis.pause();
        long pausedAt = System.nanoTime();
        var firstTimes = new CopyOnWriteArrayList<Long>();
        try {
            await("the catalog answering within %s again while Redis hangs".formatted(AT_ONCE))
                    .atMost(NOTICED_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> timed(firstTimes, () -> api.get("/api/v1/compute-classes")) < AT_ONCE.toMillis()
                            && noticed(output, logFrom));
        } finally {
            System.out.printf("RedisHangIT: catalog requests after the pause took %s ms%n", firstTimes);
        }
        long noticedMillis = (System.nanoTime() - pausedAt) / 1_000_000;

        var times = new LinkedHashMap<String, Long>();
        whatUsersSeeWhileRedisHangs(times, api, signedIn, onSignInForm, csrfToken);
        String hangLog = output.getOut().substring(logFrom);
        System.out.printf("RedisHangIT: noticed %d ms after the pause; then per request (ms) %s; log during the "
                        + "hang: %d ERROR lines, %d WARN lines%n", noticedMillis, times, count(hangLog, " ERROR "),
                count(hangLog, " WARN "));
        assertThat(times).as("milliseconds per request while Redis hangs").allSatisfy((request, millis) ->
                assertThat(millis).as(request).isLessThan(AT_ONCE.toMillis()));
        assertThat(count(hangLog, " ERROR ")).as("ERROR lines in the log during the hang:%n%s", hangLog).isZero();

        redis.resume();
        long resumedAt = System.nanoTime();
        everythingWorksAgain(api);
        System.out.printf("RedisHangIT: sign-in works again %d ms after Redis was resumed%n",
                (System.nanoTime() - resumedAt) / 1_000_000);
    }

    private static void whatUsersSeeWhileRedisHangs(Map<String, Long> times, Browser api, Browser signedIn,
                                                    Browser onSignInForm, String csrfToken) {
        for (int i = 0; i < REPEATS; i++) {
            timed(times, "GET /api/v1/compute-classes #" + (i + 1), 200, () -> api.get("/api/v1/compute-classes"));
        }
        timed(times, "GET /catalog", 200, () -> app.browser().getHtml("/catalog"));
        timed(times, "GET /api/v1/instruments", 200, () -> api.get("/api/v1/instruments?status=OPEN"));
        timed(times, "GET /api/v1/account with a key", 200, () -> api.get("/api/v1/account", "Authorization",
                Browser.bearer("demo-acme-key")));
        timed(times, "GET /api/v1/account anonymous", 401, () -> app.browser().get("/api/v1/account"));
        for (int i = 0; i < 3; i++) {
            Reply page = timed(times, "GET /login #" + (i + 1), 503, () -> app.browser().getHtml("/login"));
            assertThat(page.body()).contains(SIGN_IN_UNAVAILABLE);
        }
        Reply home = timed(times, "GET /home signed in", 503, () -> signedIn.getHtml("/home"));
        assertThat(home.body()).contains(SIGN_IN_UNAVAILABLE);
        Reply signIn = timed(times, "POST /login", 503, () -> onSignInForm.postForm("/login", Map.of(
                "username", "trader@nova.demo", "password", PASSWORD, "_csrf", csrfToken)));
        assertThat(signIn.body()).contains(SIGN_IN_UNAVAILABLE);
    }

    private static void everythingWorksAgain(Browser api) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Browser again = app.browser();
            assertThat(again.pathOf(again.signIn("trader@acme.demo", PASSWORD).location())).isEqualTo("/home");
            assertThat(again.getHtml("/home").status()).isEqualTo(200);
        });
        assertThat(api.get("/api/v1/compute-classes").status()).isEqualTo(200);
        assertThat(app.browser().get("/api/v1/account").status()).isEqualTo(401);
    }

    /**
     * Whether the application has noticed the hang: its circuit logs one WARN when a PING goes unanswered. The
     * catalog alone no longer tells (its classes and regions are read once per instance), so the test waits for
     * the circuit itself before timing what users see.
     */
    static boolean noticed(CapturedOutput output, int logFrom) {
        return output.getOut().substring(logFrom).contains("Redis is not answering");
    }

    private static Reply timed(Map<String, Long> times, String name, int status, Supplier<Reply> request) {
        long started = System.nanoTime();
        Reply reply = request.get();
        times.put(name, (System.nanoTime() - started) / 1_000_000);
        assertThat(reply.status()).as("%s: %s", name, reply).isEqualTo(status);
        return reply;
    }

    private static long timed(List<Long> times, Supplier<Reply> request) {
        long started = System.nanoTime();
        Reply reply = request.get();
        long millis = (System.nanoTime() - started) / 1_000_000;
        times.add(millis);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return millis;
    }

    private static long count(String log, String marker) {
        return log.lines().filter(line -> line.contains(marker)).count();
    }
}
