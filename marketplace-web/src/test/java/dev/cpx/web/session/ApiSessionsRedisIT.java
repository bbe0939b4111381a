package dev.cpx.web.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * In the production shape (sessions in Redis), API calls leave no session behind: anonymous ones refused with
 * 401 and ones with a key alike, while a portal page still starts one. Sessions are counted in Redis under a
 * namespace of this run's own, so other runs sharing the Redis cannot disturb the count; the run's keys are
 * deleted afterwards.
 */
class ApiSessionsRedisIT {

    private static final String DATABASE = "cpx_it_scopes_sessions";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();
    private static final String SESSIONS = REDIS_PREFIX + ":session";
    private static final int CALLS = 50;

    private static CpxInstance app;

    @BeforeAll
    static void start() {
        TestDatabases.recreate(DATABASE);
        app = CpxInstance.start(DATABASE, REDIS_PREFIX, "--spring.session.data.redis.namespace=" + SESSIONS);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.deleteRedisKeys(REDIS_PREFIX);
            app.close();
        }
    }

    @Test
    void fiftyAnonymousApiCallsLeaveNoSessionInRedis() {
        for (int i = 0; i < CALLS; i++) {
            Reply read = app.browser().get("/api/v1/orders");
            Reply write = app.browser().postJson("/api/v1/orders", "{}");
            assertThat(read.status()).as("%s", read).isEqualTo(401);
            assertThat(write.status()).as("%s", write).isEqualTo(401);
        }

        assertThat(sessionsInRedis()).isEmpty();
    }

    @Test
    void fiftyCallsWithAKeyLeaveNoSessionInRedis() {
        for (int i = 0; i < CALLS; i++) {
            Reply read = app.browser().get("/api/v1/orders", "Authorization", Browser.bearer("demo-acme-key"));
            assertThat(read.status()).as("%s", read).isEqualTo(200);
            assertThat(read.setCookies()).isEmpty();
        }

        assertThat(sessionsInRedis()).isEmpty();
    }

    @Test
    void aPortalPageStillStartsASessionForTheRedirectAfterSignIn() {
        Set<String> before = sessionsInRedis();

        Reply page = app.browser().getHtml("/home");

        assertThat(page.status()).as("%s", page).isEqualTo(302);
        assertThat(page.setCookieHeader("SESSION")).isPresent();
        assertThat(sessionsInRedis()).hasSize(before.size() + 1);
        app.deleteRedisKeys(SESSIONS);
    }

    private static Set<String> sessionsInRedis() {
        return app.bean(StringRedisTemplate.class).keys(SESSIONS + ":sessions:*");
    }
}
