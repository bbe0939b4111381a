package dev.cpx.web.security;

import static dev.cpx.web.support.ConnectionCounting.counted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.IssuedApiKey;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.ConnectionCounting;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two web nodes on one database and one Redis: a key revoked on one is refused by the other at once, although
 * the other had verified and cached it and its cache would keep it for ten minutes. Only the revocation's
 * message through Redis can tell it.
 */
class ApiKeyRevocationIT {

    private static final String DATABASE = "cpx_it_api_keys";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();
    private static final String CACHE_TTL = "cpx.security.api-key-cache-ttl=PT10M";
    /** Public and cached in Redis once read: with a key, the request's only database work is the key's. */
    private static final String CACHED_READ = "/api/v1/compute-classes";
    /** Far below the ten minutes the cache would keep the key: the time a message takes, with room to spare. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    private static CpxInstance revoking;
    private static CpxInstance caching;

    @BeforeAll
    static void startTwoInstances() {
        TestDatabases.recreate(DATABASE);
        revoking = CpxInstance.start(DATABASE, REDIS_PREFIX, CACHE_TTL);
        caching = CpxInstance.startWith(List.of(ConnectionCounting.class), DATABASE, REDIS_PREFIX, CACHE_TTL);
    }

    @AfterAll
    static void stopBoth() {
        if (caching != null) {
            caching.deleteRedisKeys(REDIS_PREFIX);
            caching.close();
        }
        if (revoking != null) {
            revoking.close();
        }
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedAtOnceByAnotherThatHadItCached() {
        var apiKeys = revoking.bean(ApiKeyService.class);
        long nova = revoking.bean(IdentityService.class).organizationByCode("NOVA").orElseThrow().id();
        IssuedApiKey key = apiKeys.issue(nova, "Revocation test key", Set.of(ApiKeyPermission.READ), null);
        assertThat(new Browser(caching.port()).get(CACHED_READ).status()).isEqualTo(200);
        assertThat(send(caching, key, "verified").status()).isEqualTo(200);
        assertThat(send(caching, key, "cached").status()).isEqualTo(200);
        assertThat(caching.bean(ConnectionCounting.class).connectionsTakenBy("cached"))
                .as("the other instance answers the key from its cache").isZero();

        apiKeys.revoke(nova, key.key().id());

        assertThat(send(revoking, key, "on-the-revoking-instance").status()).isEqualTo(401);
        await().atMost(AT_ONCE).untilAsserted(() ->
                assertThat(send(caching, key, "after-revoke").status()).isEqualTo(401));
    }

    private static Reply send(CpxInstance instance, IssuedApiKey key, String request) {
        return instance.browser().get(CACHED_READ, counted(request, "Authorization", Browser.bearer(key.secret())));
    }
}
