package dev.cpx.web.security;

import static dev.cpx.web.support.ConnectionCounting.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.ApiKeyView;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.IssuedApiKey;
import dev.cpx.core.time.MovableClock;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.ConnectionCounting;
import dev.cpx.web.support.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * API keys are verified once and then answered from memory, without giving up anything the database decides:
 * a revoked key is refused on the next request, a cached key acts with its own organization and permissions,
 * and its last use is still written, once a minute. Database work is counted as connections taken from the
 * application's pool by each request. Its own database: the market clock is moved forward here.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx-api-key-tests;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@Import(ConnectionCounting.class)
class ApiKeyAuthenticationTests {

    /** Public, and served from the catalog's cache once read: with a key, its only database work is the key's. */
    private static final String CACHED_READ = "/api/v1/compute-classes";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    IdentityService identity;

    @Autowired
    ConnectionCounting connections;

    @Autowired
    MovableClock clock;

    private long nova;

    @BeforeEach
    void catalogIsCached() {
        nova = identity.organizationByCode("NOVA").orElseThrow().id();
        assertThat(new Browser(port).get(CACHED_READ).status()).isEqualTo(200);
    }

    @Test
    void aCachedKeyCostsNoDatabaseQueryOnTheSecondRequest() {
        IssuedApiKey key = newKey(ApiKeyPermission.READ);

        Reply first = send(key, "first");
        Reply second = send(key, "second");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(connectionsTakenBy(key, "first"))
                .as("the first request looks the key up (and writes its first use) in one transaction").isEqualTo(1);
        assertThat(connectionsTakenBy(key, "second")).as("the second is answered from memory")
                .isZero();
    }

    @Test
    void aRevokedKeyIsRefusedOnTheVeryNextRequest() {
        IssuedApiKey key = newKey(ApiKeyPermission.READ);
        send(key, "verified");
        assertThat(send(key, "cached").status()).isEqualTo(200);
        assertThat(connectionsTakenBy(key, "cached")).as("the key is cached").isZero();

        revokeInThePortal(key.key().id());
        Reply next = send(key, "after-revoke");

        assertThat(next.status()).as("%s", next).isEqualTo(401);
        assertThat(next.contentType()).startsWith("application/problem+json");
        assertThat(connectionsTakenBy(key, "after-revoke")).as("checked against the database again")
                .isEqualTo(1);
    }

    @Test
    void aCachedKeyActsWithTheOrganizationAndPermissionsTheDatabaseGives() {
        IssuedApiKey key = newKey(ApiKeyPermission.READ);
        String order = """
                {"clientOrderId":"cache-%d","instrument":"H100-SXM-80G.CN-EAST.2030-01-01","side":"BUY",
                 "type":"LIMIT","price":"1.00","quantity":1}""".formatted(NEXT.incrementAndGet());
        var browser = new Browser(port);

        Reply accountFromDatabase = browser.get("/api/v1/account", "Authorization", Browser.bearer(key.secret()));
        Reply orderFromDatabase = browser.postJson("/api/v1/orders", order, "Authorization",
                Browser.bearer(key.secret()));
        Reply accountFromMemory = browser.get("/api/v1/account", "Authorization", Browser.bearer(key.secret()));
        Reply orderFromMemory = browser.postJson("/api/v1/orders", order, "Authorization",
                Browser.bearer(key.secret()));

        assertThat(accountFromDatabase.status()).isEqualTo(200);
        assertThat(accountFromDatabase.json().get("organization").asString()).isEqualTo("NOVA");
        assertThat(accountFromMemory.body()).isEqualTo(accountFromDatabase.body());
        assertThat(orderFromDatabase.status()).as("a read key may not trade: %s", orderFromDatabase).isEqualTo(403);
        assertThat(orderFromMemory.status()).isEqualTo(403);
    }

    @Test
    void aCachedKeysUseIsWrittenOnceAMinute() {
        IssuedApiKey key = newKey(ApiKeyPermission.READ);
        send(key, "first-use");
        Instant firstUse = lastUsedAt(key);
        assertThat(firstUse).isNotNull();

        clock.advance(Duration.ofSeconds(30));
        send(key, "half-a-minute-later");
        assertThat(connectionsTakenBy(key, "half-a-minute-later")).isZero();
        assertThat(lastUsedAt(key)).isEqualTo(firstUse);

        clock.advance(Duration.ofSeconds(31));
        send(key, "a-minute-later");
        assertThat(connectionsTakenBy(key, "a-minute-later")).as("one write, no look-up").isEqualTo(1);
        assertThat(lastUsedAt(key)).isAfter(firstUse);
    }

    private IssuedApiKey newKey(ApiKeyPermission permission) {
        return apiKeys.issue(nova, "Cache test key " + NEXT.incrementAndGet(), Set.of(permission), null);
    }

    /** A request with the key, counted under the key's id and the given name. */
    private Reply send(IssuedApiKey key, String request) {
        return new Browser(port).get(CACHED_READ,
                counted(key.key().id() + "-" + request, "Authorization", Browser.bearer(key.secret())));
    }

    private int connectionsTakenBy(IssuedApiKey key, String request) {
        return connections.connectionsTakenBy(key.key().id() + "-" + request);
    }

    private void revokeInThePortal(long keyId) {
        var browser = new Browser(port);
        assertThat(browser.signIn("trader@nova.demo", "demo-pass-1").status()).isEqualTo(302);
        Reply page = browser.getHtml("/settings/api-keys");
        Reply revoked = browser.postForm("/settings/api-keys/" + keyId + "/revoke",
                Map.of("_csrf", Browser.csrfToken(page.body())));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(302);
        assertThat(apiKeys.list(nova)).filteredOn(k -> k.id() == keyId).extracting(ApiKeyView::active)
                .containsExactly(false);
    }

    private Instant lastUsedAt(IssuedApiKey key) {
        return apiKeys.list(nova).stream().filter(k -> k.id() == key.key().id()).findFirst().orElseThrow()
                .lastUsedAt();
    }
}
