package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.portal.journey.PortalBrowser.Tab;
import dev.cpx.web.portal.journey.PortalBrowser.Viewport;
import dev.cpx.web.support.Browser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * A buyer gets compute in a real browser, at a desktop and a phone size: describes a job, reads the quote, buys the
 * best and sees the contracts it bought. GZDH offers A800 GPUs in US-WEST for a whole day (one ask per instrument,
 * so daily and hourly instruments alike); each size buys its own day.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:portal-get-compute;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetComputeJourneyTests {

    private static final String CLASS = "A800-SXM-80G";
    private static final String REGION = "US-WEST";

    @LocalServerPort
    int port;
    private PortalBrowser browser;

    @BeforeAll
    void launch() {
        Assumptions.assumeTrue(PortalBrowser.available(), "no Chromium at " + PortalBrowser.CHROMIUM);
        String cpid = Cpid.of(REGION, "GZDH", "GCJ1", "N0001").value();
        assertThat(api("POST", "/nodes", "demo-gzdh-key", """
                {"cpid":"%s","computeClass":"%s","gpuCount":16}""".formatted(cpid, CLASS)).status()).isEqualTo(201);
        browser = PortalBrowser.launch();
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    Stream<Viewport> sizes() {
        return Stream.of(Viewport.DESKTOP, Viewport.PHONE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void aBuyerQuotesAJobAndBuysTheBest(Viewport viewport) {
        Instant day = lastFullDay().minus(Duration.ofDays(viewport.phone() ? 1 : 3));
        offer(day, 4, "1.80", "gcj-a-" + viewport.name());
        offer(day, 4, "1.90", "gcj-b-" + viewport.name());
        String start = LocalDateTime.ofInstant(day, ZoneOffset.UTC).toString();

        try (Tab tab = browser.open("http://127.0.0.1:" + port, viewport)) {
            tab.visit("/login");
            tab.page.locator("#username").fill("trader@acme.demo");
            tab.page.locator("#password").fill("demo-pass-1");
            tab.page.locator("form[action='/login'] button[type=submit]").click();
            tab.page.waitForURL("**/home");
            tab.visit("/get-compute");

            tab.page.getByLabel("How many").fill("6");
            tab.page.getByLabel("Hours").fill("24");
            tab.page.getByLabel("Earliest start (UTC)").fill(start);
            tab.page.getByLabel("Latest start (UTC)").fill(start);
            tab.page.locator("details > summary").click();
            tab.page.locator("input[name=computeClasses][value='" + CLASS + "']").check();
            tab.page.locator("input[name=regions][value='" + REGION + "']").check();
            tab.page.locator("button", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Get quote"))
                    .click();
            tab.page.waitForSelector("[data-quote-result]");
            tab.check("the quote at " + viewport);

            Locator best = tab.page.locator("tr.best-row");
            assertThat(best.count()).isEqualTo(1);
            // 4 at 1.80 and 2 at 1.90 for 24 hours: 11.00 an hour, 1.83 a GPU-hour
            assertThat(best.textContent()).contains(CLASS, REGION, "6", "1.83", "264.00", "Yes");
            tab.page.onceDialog(dialog -> dialog.accept());
            tab.page.locator("button", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Buy the best"))
                    .click();
            tab.page.waitForSelector("[data-bought]");
            tab.check("what was bought at " + viewport);

            String bought = tab.page.locator("[data-bought]").textContent();
            assertThat(bought).contains("6 " + CLASS + " GPUs in " + REGION, "264.00", "Awaiting allocation",
                    "Not yet allocated");
            assertThat(tab.page.locator("[data-bought] tbody tr").count()).isPositive();
        }
    }

    private void offer(Instant day, int quantity, String price, String id) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var sell = api("POST", "/block-orders", "demo-gzdh-key", """
                    {"clientOrderId":"%s","computeClass":"%s","region":"%s","side":"SELL","quantity":%d,\
                    "start":"%s","end":"%s","limitPrice":"%s"}""".formatted(id, CLASS, REGION, quantity, day,
                    day.plus(Duration.ofDays(1)), price));
            assertThat(sell.status()).as(sell.body()).isIn(200, 201);
        });
    }

    private Instant lastFullDay() {
        JsonNode open = api("GET", "/instruments?status=OPEN&computeClass=" + CLASS + "&region=" + REGION
                + "&size=500", "demo-acme-key", null).json();
        Instant lastEnd = Instant.EPOCH;
        for (JsonNode instrument : open) {
            Instant end = Instant.parse(instrument.get("deliveryEnd").asString());
            lastEnd = end.isAfter(lastEnd) ? end : lastEnd;
        }
        return lastEnd.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    }

    private dev.cpx.web.support.Reply api(String method, String path, String key, String json) {
        return new Browser(port).sendJson(method, "/api/v1" + path, json, "Accept", "application/json",
                "Authorization", Browser.bearer(key));
    }
}
