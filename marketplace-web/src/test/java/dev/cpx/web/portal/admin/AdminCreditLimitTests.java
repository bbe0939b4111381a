package dev.cpx.web.portal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A platform administrator changes a buyer's credit limit on the organization's page: the market takes it from the
 * buyer's next bid (a bid beyond the old limit then passes, one beyond a lowered limit is refused for insufficient
 * funds), a stale form is refused, and every change is audited with who, the old and the new limit.
 */
@EmbeddedAppTest
class AdminCreditLimitTests {

    private static final String CODE = "CREDLIM";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    IdentityService identity;

    @Test
    void aNewCreditLimitHoldsFromTheBuyersNextBidAndALowerOneRefusesBidsBeyondIt() {
        var admin = new Browser(port);
        assertThat(admin.signIn("admin@cpx.demo", "demo-pass-1").location()).doesNotContain("error");
        String token = Browser.csrfToken(admin.getHtml("/admin/organizations/new").body());
        assertThat(admin.follow(admin.postForm("/admin/organizations", form(token, "code", CODE, "name",
                "Credit Limit Buyer", "buyer", "true"))).body()).contains("Organization " + CODE);
        String[] buyer = {"Authorization", Browser.bearer(apiKeys.issue(identity.organizationByCode(CODE).orElseThrow()
                .id(), "credit-limit-test", Set.of(ApiKeyPermission.TRADE, ApiKeyPermission.READ), null).secret())};
        var api = new Browser(port);
        String symbol = untouchedInstrument();

        // One GPU for an hour at 1.00 holds 1.00 and its fee: beyond a wallet of nothing and no credit.
        Reply short1 = api.postJson("/api/v1/orders", bid("credit-1", symbol), buyer);
        assertThat(short1.status()).isEqualTo(422);
        assertThat(short1.json().get("code").asString()).isEqualTo("insufficient-funds");

        String page = admin.getHtml("/admin/organizations/" + CODE).body();
        assertThat(page).contains("name=\"creditLimit\"", "are refused for insufficient funds");
        Reply negative = admin.postForm("/admin/organizations/" + CODE, edit(token, "-5.00", version()));
        assertThat(negative.status()).isEqualTo(200);
        assertThat(negative.body()).contains("an amount such as 500000.00");
        assertThat(creditLimit()).isZero();
        Reply raised = admin.postForm("/admin/organizations/" + CODE, edit(token, "100.00", version()));
        assertThat(admin.follow(raised).body()).contains("the market uses its credit limit of 100.00");
        assertThat(api.postJson("/api/v1/orders", bid("credit-2", symbol), buyer).status()).isEqualTo(201);

        long stale = version() - 1;
        Reply staleEdit = admin.postForm("/admin/organizations/" + CODE, edit(token, "5000.00", stale));
        assertThat(staleEdit.status()).isEqualTo(409);
        assertThat(creditLimit()).isEqualTo(10_000);

        Reply lowered = admin.postForm("/admin/organizations/" + CODE, edit(token, "0.50", version()));
        assertThat(lowered.status()).isEqualTo(302);
        Reply refused = api.postJson("/api/v1/orders", bid("credit-3", symbol), buyer);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("insufficient-funds");
        assertThat(refused.json().get("detail").asString()).contains("plus credit limit 0.50");
        assertThat(api.get("/api/v1/account", buyer).json().get("creditLimit").asString()).isEqualTo("0.50");
        assertThat(api.get("/api/v1/orders?status=OPEN", buyer).body()).as("the bid taken under 100.00 stays")
                .contains("credit-2");

        assertThat(jdbc.sql("select concat(actor_email, ' ', reason) from admin_audit where action = "
                        + "'CREDIT_LIMIT_CHANGED' and target = ? order by id").param("organization " + CODE)
                .query(String.class).list())
                .containsExactly("admin@cpx.demo 0.00 -> 100.00", "admin@cpx.demo 100.00 -> 0.50");
    }

    private long version() {
        return jdbc.sql("select version from organization where code = ?").param(CODE).query(Long.class).single();
    }

    private long creditLimit() {
        return jdbc.sql("select credit_limit_minor from organization where code = ?").param(CODE).query(Long.class)
                .single();
    }

    private String untouchedInstrument() {
        // An hour nobody else trades: another test's price there would set a band around this bid.
        String from = LocalDate.now(ZoneOffset.UTC).plusDays(9).toString();
        var open = new Browser(port).get("/api/v1/instruments?computeClass=H20-96G&region=CN-NORTH&status=OPEN&from="
                + from + "&limit=100").json();
        for (int i = open.size() - 1; i >= 0; i--) {
            var instrument = open.get(i);
            if (instrument.get("lastPrice").isNull() && instrument.get("bestBid").isNull()
                    && instrument.get("bestAsk").isNull()) {
                return instrument.get("symbol").asString();
            }
        }
        throw new AssertionError("no untouched H20-96G hour in CN-NORTH from " + from);
    }

    private static String bid(String clientOrderId, String symbol) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"instrument\":\"" + symbol + "\",\"side\":\"BUY\","
                + "\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"1.00\",\"quantity\":1}";
    }

    private static Map<String, String> edit(String token, String creditLimit, long version) {
        return form(token, "name", "Credit Limit Buyer", "buyer", "true", "creditLimit", creditLimit, "version",
                Long.toString(version));
    }

    private static Map<String, String> form(String token, String... pairs) {
        var fields = new HashMap<String, String>();
        fields.put("_csrf", token);
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }
}
