package dev.cpx.web.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The billing profile through the API and the portal page. */
@EmbeddedAppTest
class BillingProfileApiTests {

    @LocalServerPort
    int port;

    private Browser http;

    @BeforeEach
    void connect() {
        http = new Browser(port);
    }

    @Test
    void aFinanceKeySavesTheProfileAndEveryFieldItLacksIsNamed() {
        Reply incomplete = put("demo-nova-key", "{\"legalName\":\"Nova Pharma AG\",\"taxId\":\"x\"}");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.json().get("errors").findValuesAsString("field")).containsExactly("taxId", "address");
        assertThat(http.get("/api/v1/organization/billing-profile", auth("demo-nova-key")).status()).isEqualTo(404);

        Reply saved = put("demo-nova-key", """
                {"legalName":"诺华制药 Nova Pharma AG","taxId":"CHE-123.456.789","address":"Lichtstrasse 35\\n4056 Basel",\
                "poReference":"PO-2026-0042"}""");

        assertThat(saved.status()).isEqualTo(200);
        var profile = http.get("/api/v1/organization/billing-profile", auth("demo-nova-key")).json();
        assertThat(profile.get("legalName").asString()).isEqualTo("诺华制药 Nova Pharma AG");
        assertThat(profile.get("address").asString()).isEqualTo("Lichtstrasse 35\n4056 Basel");
        assertThat(profile.get("poReference").asString()).isEqualTo("PO-2026-0042");
        assertThat(profile.get("updatedBy").asString()).startsWith("API key ");
        assertThat(put("demo-nova-key", "{\"legalName\":\"a\\u0000b\",\"taxId\":\"CHE-1\",\"address\":\"x\"}")
                .json().get("errors").findValuesAsString("field")).containsExactly("legalName");
    }

    @Test
    void financePeopleChangeItOnThePortalAndEveryoneOfTheOrganizationReadsIt() {
        http.signIn("finance@shcc.demo", "demo-pass-1");
        String csrf = Browser.csrfToken(http.getHtml("/settings/billing").body());
        Reply refused = http.postForm("/settings/billing", Map.of("_csrf", csrf, "legalName", "", "taxId", "",
                "address", ""));
        Reply saved = http.postForm("/settings/billing", Map.of("_csrf", csrf, "legalName",
                "上海算力中心有限公司", "taxId", "91310000MA1FL1234X", "address", "上海市浦东新区", "poReference", ""));

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("the organization&#39;s registered name");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(http.follow(saved).body()).contains("Billing profile saved", "上海算力中心有限公司");
        assertThat(http.get("/api/v1/organization/billing-profile", auth("demo-shcc-key")).json().get("updatedBy")
                .asString()).isEqualTo("finance@shcc.demo");
    }

    private Reply put(String key, String json) {
        return http.sendJson("PUT", "/api/v1/organization/billing-profile", json, auth(key));
    }

    private static String[] auth(String key) {
        return new String[] {"Accept", "application/json", "Authorization", Browser.bearer(key)};
    }
}
