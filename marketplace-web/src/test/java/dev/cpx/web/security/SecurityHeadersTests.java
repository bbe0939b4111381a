package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.ApiKeyView;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Response headers and cookies that keep browsers safe, and API key secrets that never come back. */
@EmbeddedAppTest
class SecurityHeadersTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    IdentityService identity;

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/catalog", "/providers", "/catalog/no-such-page"})
    void pagesCarryAContentSecurityPolicyThatAllowsOnlyOwnScripts(String path) {
        Reply page = new Browser(port).getHtml(path);

        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isNotNull()
                .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                        "form-action 'self'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
    }

    @Test
    void responsesForbidFramingAndSniffing() {
        for (Reply reply : List.of(new Browser(port).getHtml("/catalog/no-such-page"),
                new Browser(port).get("/api/v1/regions"))) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Content-Security-Policy")).isNotNull();
        }
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLax() {
        // An anonymous visit to a page that needs sign-in saves the request in a new session.
        Reply reply = new Browser(port).getHtml("/home");

        assertThat(reply.status()).isEqualTo(302);
        String cookie = reply.setCookieHeader("JSESSIONID").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void apiKeyRequestsCreateNoSession() {
        Reply reply = new Browser(port).get("/api/v1/nodes", "Authorization", Browser.bearer("demo-gzdh-key"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void listedApiKeysNeverContainTheSecret() {
        long nova = identity.organizationByCode("NOVA").orElseThrow().id();
        var issued = apiKeys.issue(nova, "Header test key", Set.of(ApiKeyPermission.READ), null);

        List<ApiKeyView> listed = apiKeys.list(nova);

        assertThat(listed).extracting(ApiKeyView::id).contains(issued.key().id());
        assertThat(listed).allSatisfy(key -> assertThat(key.toString())
                .doesNotContain(issued.secret()).doesNotContain("demo-nova-key"));
        assertThat(Arrays.stream(ApiKeyView.class.getRecordComponents()).map(c -> c.getName().toLowerCase()))
                .noneMatch(name -> name.contains("secret") || name.contains("hash"));
        assertThat(issued.key().displayPrefix()).hasSizeLessThan(issued.secret().length() / 4);
    }

    @Test
    void apiKeysPageShowsANewSecretOnceAndNeverListsSecrets() {
        var browser = new Browser(port);
        Reply home = browser.follow(browser.signIn("trader@acme.demo", "demo-pass-1"));
        assertThat(home.status()).isEqualTo(200);
        Reply page = browser.getHtml("/settings/api-keys");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("demo-acme-key");

        Reply created = browser.postForm("/settings/api-keys", Map.of("name", "Page test key",
                "permissions", "READ", "_csrf", Browser.csrfToken(page.body())));
        Reply shownOnce = browser.follow(created);
        String secret = newSecret(shownOnce.body());
        Reply listedLater = browser.getHtml("/settings/api-keys");

        assertThat(secret).startsWith("cpx_");
        assertThat(listedLater.body()).contains("Page test key").doesNotContain(secret);
        assertThat(new Browser(port).get("/api/v1/account", "Authorization", Browser.bearer(secret)).status())
                .as("the secret shown once works as a key").isNotEqualTo(401);
    }

    private static String newSecret(String html) {
        var matcher = java.util.regex.Pattern.compile("<code id=\"new-key\"[^>]*>([^<]+)</code>").matcher(html);
        assertThat(matcher.find()).as("the new secret is shown once").isTrue();
        return matcher.group(1).strip();
    }
}
