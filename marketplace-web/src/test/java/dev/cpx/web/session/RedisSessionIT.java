package dev.cpx.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two web nodes on one database and one Redis, as behind a load balancer: a session started on one is
 * valid on the other. Sessions use the configured namespace; the test deletes exactly the sessions it
 * started (and this run's cache keys) afterwards.
 */
class RedisSessionIT {

    private static final String DATABASE = "cpx_it_sessions";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();
    private static final String PASSWORD = "demo-pass-1";

    private static final String SESSION_NAMESPACE = "cpx:session";
    private static final Set<String> STARTED_SESSIONS = ConcurrentHashMap.newKeySet();

    private static CpxInstance first;
    private static CpxInstance second;

    @BeforeAll
    static void startTwoInstances() {
        TestDatabases.recreate(DATABASE);
        first = CpxInstance.start(DATABASE, REDIS_PREFIX);
        second = CpxInstance.start(DATABASE, REDIS_PREFIX);
    }

    @AfterAll
    static void stopBoth() {
        if (first != null) {
            first.deleteRedisKeys(REDIS_PREFIX);
            deleteStartedSessions(first.bean(StringRedisTemplate.class));
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void sessionStartedOnOneInstanceIsSignedInOnTheOther() {
        Browser onFirst = first.browser();
        Reply signIn = onFirst.signIn("trader@acme.demo", PASSWORD);
        assertThat(onFirst.pathOf(signIn.location())).isEqualTo("/home");
        String session = onFirst.cookie("SESSION");
        assertThat(session).as("Spring Session's cookie").isNotNull();
        sessionId(onFirst);

        Browser onSecond = second.browser();
        onSecond.setCookie("SESSION", session);
        Reply home = onSecond.getHtml("/home");

        assertThat(home.status()).as("%s", home).isEqualTo(200);
        assertThat(home.body()).contains("Acme Robotics");
    }

    @Test
    void sessionsAreKeptInRedisUnderTheConfiguredNamespace() {
        Browser browser = first.browser();
        browser.signIn("trader@nova.demo", PASSWORD);
        String sessionId = sessionId(browser);

        var redis = first.bean(StringRedisTemplate.class);

        assertThat(redis.hasKey(SESSION_NAMESPACE + ":sessions:" + sessionId))
                .as("session %s under %s (application.yml), not Spring Session's default spring:session",
                        sessionId, SESSION_NAMESPACE)
                .isTrue();
    }

    @Test
    void signingOutOnOneInstanceEndsTheSessionOnTheOther() {
        Browser onFirst = first.browser();
        onFirst.signIn("ops@gzdh.demo", PASSWORD);
        sessionId(onFirst);
        Browser onSecond = second.browser();
        onSecond.setCookie("SESSION", onFirst.cookie("SESSION"));
        Reply home = onSecond.getHtml("/home");
        assertThat(home.status()).isEqualTo(200);

        Reply signOut = onSecond.postForm("/logout", Map.of("_csrf", Browser.csrfToken(home.body())));
        assertThat(onSecond.pathOf(signOut.location())).isEqualTo("/login?logout");

        Reply afterSignOut = onFirst.getHtml("/home");
        sessionId(onFirst); // the anonymous visit above started a new session
        assertThat(afterSignOut.status()).isEqualTo(302);
        assertThat(onFirst.pathOf(afterSignOut.location())).isEqualTo("/login");
    }

    @Test
    void sessionCookieIsHttpOnly() {
        Browser browser = first.browser();
        Reply redirect = browser.getHtml("/home");
        sessionId(browser);

        assertThat(redirect.setCookieHeader("SESSION")).hasValueSatisfying(cookie ->
                assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    /** The id behind Spring Session's base64 cookie, remembered so that only this run's sessions are deleted. */
    private static String sessionId(Browser browser) {
        String id = new String(Base64.getDecoder().decode(browser.cookie("SESSION")), StandardCharsets.UTF_8);
        STARTED_SESSIONS.add(id);
        return id;
    }

    private static void deleteStartedSessions(StringRedisTemplate redis) {
        for (String id : STARTED_SESSIONS) {
            redis.delete(List.of(SESSION_NAMESPACE + ":sessions:" + id, "spring:session:sessions:" + id));
        }
    }
}
