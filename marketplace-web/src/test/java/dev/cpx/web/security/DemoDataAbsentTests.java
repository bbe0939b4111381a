package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.demo.DemoMarket;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Production never creates a demo credential: with demo mode off there is no demo organization, key or login, and
 * no demo market trades.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx-no-demo-tests;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=false"})
@ActiveProfiles("embedded")
class DemoDataAbsentTests {

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @Test
    void noOrganizationExists() {
        assertThat(identity.organizations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"trader@acme.demo", "trader@nova.demo", "ops@shcc.demo", "ops@gzdh.demo",
            "admin@cpx.demo", "finance@cpx.demo", "finance@acme.demo"})
    void noDemoUserExists(String email) {
        assertThat(identity.userByEmail(email)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo-acme-key", "demo-nova-key", "demo-shcc-key", "demo-gzdh-key", "demo-admin-key"})
    void demoKeyIsUnauthenticated(String key) {
        Reply reply = new Browser(port).get("/api/v1/nodes", "Authorization", Browser.bearer(key));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trader@acme.demo", "ops@shcc.demo", "admin@cpx.demo"})
    void demoLoginFails(String email) {
        var browser = new Browser(port);

        Reply reply = browser.signIn(email, "demo-pass-1");

        assertThat(browser.pathOf(reply.location())).isEqualTo("/login?error");
    }

    @Test
    void noDemoMarketExistsOrTrades() {
        assertThat(context.getBeanNamesForType(DemoMarket.class)).isEmpty();
        assertThat(jdbc.sql("select count(*) from market_order").query(Long.class).single()).isZero();
    }

    @Test
    void referenceCatalogIsThereWithoutDemoData() {
        Reply reply = new Browser(port).get("/api/v1/compute-classes");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().size()).isEqualTo(14);
    }
}
