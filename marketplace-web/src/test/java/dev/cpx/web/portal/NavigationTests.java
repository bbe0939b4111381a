package dev.cpx.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The navigation offers each demo person exactly the signed-in pages of their role, and every page it leaves out
 * refuses them (403), except the platform's empty market pages, which it may open but has no use for.
 */
@EmbeddedAppTest
class NavigationTests {

    private static final List<String> SIGNED_IN_PAGES = List.of("/home", "/get-compute", "/orders", "/contracts",
            "/account", "/capacity", "/nodes", "/finance", "/finance/invoices", "/finance/payouts", "/settings/api-keys",
            "/admin");
    private static final List<String> MARKET_PAGES = List.of("/orders", "/contracts", "/account");
    private static final Pattern MAIN_NAV = Pattern.compile("<ul class=\"nav-links\">(.*?)</ul>", Pattern.DOTALL);
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "trader@acme.demo  | /home /get-compute /orders /contracts /account /settings/api-keys",
            "finance@acme.demo | /home /orders /contracts /account /finance /finance/invoices",
            "ops@shcc.demo     | /home /get-compute /orders /contracts /account /capacity /nodes /settings/api-keys",
            "finance@shcc.demo | /home /orders /contracts /account /finance /finance/invoices /finance/payouts",
            "ops@gzdh.demo     | /home /orders /contracts /account /capacity /nodes /settings/api-keys",
            "admin@cpx.demo    | /home /settings/api-keys /admin",
            "finance@cpx.demo  | /home /finance /finance/invoices /finance/payouts"})
    void navigationOffersWhatTheRoleMayOpenAndNothingElse(String email, String expected) {
        var browser = new Browser(port);
        assertThat(browser.signIn(email, "demo-pass-1").status()).isEqualTo(302);
        var home = browser.getHtml("/home");
        List<String> offered = signedInLinks(home.body());
        assertThat(offered).containsExactlyElementsOf(Arrays.asList(expected.trim().split("\\s+")));

        for (String page : SIGNED_IN_PAGES) {
            int status = browser.getHtml(page).status();
            if (offered.contains(page)) {
                assertThat(status).as("%s offered to %s", page, email).isEqualTo(200);
            } else if (email.endsWith("@cpx.demo") && MARKET_PAGES.contains(page)) {
                assertThat(status).as("%s (empty for the platform) for %s", page, email).isEqualTo(200);
            } else {
                assertThat(status).as("%s left out for %s", page, email).isEqualTo(403);
            }
        }
    }

    private static List<String> signedInLinks(String html) {
        var nav = MAIN_NAV.matcher(html);
        assertThat(nav.find()).as("the page has the main navigation").isTrue();
        var links = new ArrayList<String>();
        var href = HREF.matcher(nav.group(1));
        while (href.find()) {
            if (SIGNED_IN_PAGES.contains(href.group(1))) {
                links.add(href.group(1));
            }
        }
        return links;
    }
}
