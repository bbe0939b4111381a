package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One column of the authorization matrix: who calls, as what. A key caller presents {@code Authorization: Bearer}
 * and nothing else (no cookie, no CSRF token: a machine); a person has signed in through the form and sends the
 * session's CSRF token with every write, as the portal's pages do.
 *
 * @param organization the caller's organization code, null for anonymous and unknown-key callers
 */
record MatrixCaller(String column, String organization, String key, Browser session, String csrfToken) {

    static final String UNKNOWN_KEY = "cpx_matrix-unknown-key";

    /** Organizations by kind, as the columns name them: buyer, provider, buyer and provider, platform. */
    private static final Map<String, String> ORGANIZATIONS = Map.of("a", "ACME", "g", "GZDH", "s", "SHCC",
            "c", "CPX");
    private static final Map<String, ApiKeyPermission> PERMISSIONS = Map.of("T", ApiKeyPermission.TRADE,
            "M", ApiKeyPermission.METER, "R", ApiKeyPermission.READ, "F", ApiKeyPermission.FINANCE,
            "A", ApiKeyPermission.ADMIN);
    private static final Map<String, String> PEOPLE = Map.of("at", "trader@acme.demo", "af", "finance@acme.demo",
            "so", "ops@shcc.demo", "sf", "finance@shcc.demo", "go", "ops@gzdh.demo", "gf", "finance@gzdh.demo",
            "ca", "admin@cpx.demo", "cf", "finance@cpx.demo");
    private static final String PASSWORD = "demo-pass-1";

    /**
     * The callers of the table's columns, in its order: {@code an} anonymous, {@code bk} an unknown key, keys as
     * organization letter and permission letter ({@code sF}: SHCC's finance key, one permission each), and the
     * demo people as organization letter and role letter ({@code so}: SHCC operations).
     */
    static List<MatrixCaller> forColumns(List<String> columns, int port, ApiKeyService apiKeys,
                                         IdentityService identity) {
        var callers = new ArrayList<MatrixCaller>();
        for (String column : columns) {
            callers.add(caller(column, port, apiKeys, identity));
        }
        return callers;
    }

    private static MatrixCaller caller(String column, int port, ApiKeyService apiKeys, IdentityService identity) {
        if (column.equals("an")) {
            return new MatrixCaller(column, null, null, null, null);
        }
        if (column.equals("bk")) {
            return new MatrixCaller(column, null, UNKNOWN_KEY, null, null);
        }
        String organization = ORGANIZATIONS.get(column.substring(0, 1));
        if (organization == null || column.length() != 2) {
            throw new IllegalArgumentException("unknown caller column " + column);
        }
        ApiKeyPermission permission = PERMISSIONS.get(column.substring(1));
        if (permission != null) {
            long id = identity.organizationByCode(organization).orElseThrow().id();
            String key = apiKeys.issue(id, "Matrix " + column, Set.of(permission), null).secret();
            return new MatrixCaller(column, organization, key, null, null);
        }
        return signedIn(column, organization, port);
    }

    private static MatrixCaller signedIn(String column, String organization, int port) {
        String email = PEOPLE.get(column);
        if (email == null) {
            throw new IllegalArgumentException("unknown caller column " + column);
        }
        var browser = new Browser(port);
        Reply signIn = browser.signIn(email, PASSWORD);
        assertThat(browser.pathOf(signIn.location())).as("%s signs in: %s", email, signIn).isEqualTo("/home");
        String token = Browser.csrfToken(browser.getHtml("/home").body());
        return new MatrixCaller(column, organization, null, browser, token);
    }

    /** The browser to send with: the person's own, or a fresh one so that a key caller never carries a cookie. */
    Browser browser(int port) {
        return session != null ? session : new Browser(port);
    }

    /** Headers a request of this caller carries besides the endpoint's own. */
    List<String> headers(boolean write) {
        var headers = new ArrayList<String>();
        if (key != null) {
            headers.add("Authorization");
            headers.add(Browser.bearer(key));
        }
        if (session != null && write) {
            headers.add("X-CSRF-TOKEN");
            headers.add(csrfToken);
        }
        return headers;
    }
}
