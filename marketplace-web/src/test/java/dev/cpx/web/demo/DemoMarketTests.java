package dev.cpx.web.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.settlement.metering.MeteringService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * In demo mode with the demo market on, the market maker and the simulated providers trade through the market and
 * the demo providers' nodes report heartbeats; nothing is traded for the organizations visitors sign in as.
 */
@SpringBootTest(classes = CpxApplication.class,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:demo-market;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.demo.market=true",
                "cpx.demo.market-tick=PT0.05S"})
@ActiveProfiles("embedded")
class DemoMarketTests {

    @Autowired
    DemoMarket market;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    IdentityService identity;
    @Autowired
    MeteringService metering;

    @Test
    void theMakerAndTheSimulatedProvidersTradeAndTheDemoNodesReportHeartbeats() {
        assertThat(market.running()).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count("select count(*) from trade"))
                .isGreaterThanOrEqualTo(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                metering.nodeHealth(identity.organizationByCode("SHCC").orElseThrow().id()))
                .isNotEmpty().allSatisfy(health -> assertThat(health.status()).isEqualTo("UP")));

        var traders = jdbc.sql("select distinct o.code from market_order m join organization o on o.id = "
                + "m.organization_id order by o.code").query(String.class).list();
        assertThat(traders).isSubsetOf(List.of("DMM", "HZAI", "SZGC")).contains("DMM");
        assertThat(count("select count(distinct instrument_id) from trade")).isPositive();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
