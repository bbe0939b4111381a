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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An API key authenticates API requests only: a key on a portal page or form is ignored (the request is as
 * anonymous as one without it, CSRF and sign-in included).
 */
@EmbeddedAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyBoundaryTests {

    private static final String KEY_FORM = "/settings/api-keys";
    private static final String MINTED = "Minted through the portal with a key";

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    IdentityService identity;

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

    private long mintedKeys() {
        return apiKeys.list(platform).stream().map(ApiKeyView::name).filter(MINTED::equals).count();
    }
}
