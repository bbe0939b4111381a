package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.ApiKeyView;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.util.EnumSet;
import java.util.Map;
import org.apache.catalina.Context;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * An API key authenticates API requests only, and API requests never create a session: a key on a portal
 * page or form is ignored (the request is as anonymous as one without it, CSRF and sign-in included), and
 * anonymous API calls leave no session behind. Sessions are counted in the server's session manager.
 */
@EmbeddedAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyBoundaryTests {

    private static final String KEY_FORM = "/settings/api-keys";
    private static final String MINTED = "Minted through the portal with a key";
    private static final int CALLS = 50;

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    IdentityService identity;

    @Autowired
    WebServerApplicationContext server;

    private long platform;
    private String adminKey;

    @BeforeAll
    void platformAdminKey() {
        platform = identity.organizationByCode("CPX").orElseThrow().id();
        adminKey = apiKeys.issue(platform, "Boundary admin key " + System.nanoTime(),
                EnumSet.allOf(ApiKeyPermission.class), null).secret();
    }

    @Test
    void aKeyOnThePortalsKeyFormIsRefusedLikeAnAnonymousRequestAndMintsNothing() {
        Map<String, String> form = Map.of("name", MINTED, "permissions", "FINANCE");

        Reply anonymous = new Browser(port).postForm(KEY_FORM, form);
        Reply withKey = new Browser(port).postForm(KEY_FORM, form, "Authorization", Browser.bearer(adminKey));

        assertThat(anonymous.status()).as("no CSRF token: %s", anonymous).isEqualTo(403);
        assertThat(withKey.status()).as("a key exempts a portal form from nothing: %s", withKey).isEqualTo(403);
        assertThat(mintedKeys()).isZero();
    }

    @Test
    void aKeyWithAValidCsrfTokenOnThePortalsKeyFormIsSentToSignInAndMintsNothing() {
        var browser = new Browser(port);
        String token = browser.csrfTokenFromLoginPage();

        Reply withKey = browser.postForm(KEY_FORM, Map.of("name", MINTED, "permissions", "FINANCE", "_csrf", token),
                "Authorization", Browser.bearer(adminKey));

        assertThat(withKey.status()).as("%s", withKey).isEqualTo(302);
        assertThat(browser.pathOf(withKey.location())).isEqualTo("/login");
        assertThat(mintedKeys()).isZero();
    }

    @Test
    void aKeyOnAPortalPageIsIgnored() {
        Reply page = new Browser(port).get(KEY_FORM, "Accept", "text/html", "Authorization",
                Browser.bearer(adminKey));

        assertThat(page.status()).as("%s", page).isEqualTo(302);
        assertThat(new Browser(port).pathOf(page.location())).isEqualTo("/login");
    }

    @Test
    void anUnknownKeyOnAPortalPageIsIgnoredToo() {
        Reply page = new Browser(port).get("/catalog", "Accept", "text/html", "Authorization",
                Browser.bearer("cpx_not-a-key"));

        assertThat(page.status()).as("a public page stays public: %s", page).isEqualTo(200);
    }

    @Test
    void fiftyAnonymousApiCallsCreateNoSession() {
        int before = activeSessions();

        for (int i = 0; i < CALLS; i++) {
            Reply read = new Browser(port).get("/api/v1/orders");
            Reply write = new Browser(port).postJson("/api/v1/orders", "{}");
            assertThat(read.status()).as("%s", read).isEqualTo(401);
            assertThat(write.status()).as("refused for want of credentials, not of a CSRF token: %s", write)
                    .isEqualTo(401);
            assertThat(read.setCookies()).as("no session cookie").isEmpty();
            assertThat(write.setCookies()).as("no session cookie").isEmpty();
        }

        assertThat(activeSessions()).isEqualTo(before);
    }

    @Test
    void fiftyCallsWithAKeyCreateNoSession() {
        int before = activeSessions();

        for (int i = 0; i < CALLS; i++) {
            Reply read = new Browser(port).get("/api/v1/orders", "Authorization", Browser.bearer(adminKey));
            assertThat(read.status()).as("%s", read).isEqualTo(200);
            assertThat(read.setCookies()).as("no session cookie").isEmpty();
        }

        assertThat(activeSessions()).isEqualTo(before);
    }

    @Test
    void aPortalPageIsStillSavedForTheRedirectAfterSignIn() {
        var browser = new Browser(port);

        Reply home = browser.getHtml("/settings/api-keys");
        Reply signIn = browser.signIn("trader@nova.demo", "demo-pass-1");

        assertThat(home.status()).as("%s", home).isEqualTo(302);
        assertThat(browser.pathOf(signIn.location())).startsWith("/settings/api-keys");
    }

    private long mintedKeys() {
        return apiKeys.list(platform).stream().map(ApiKeyView::name).filter(MINTED::equals).count();
    }

    private int activeSessions() {
        var tomcat = ((TomcatWebServer) server.getWebServer()).getTomcat();
        return ((Context) tomcat.getHost().findChildren()[0]).getManager().getActiveSessions();
    }
}
