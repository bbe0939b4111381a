package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.portal.journey.PortalBrowser.Tab;
import dev.cpx.web.portal.journey.PortalBrowser.Viewport;
import dev.cpx.web.support.Browser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A provider lists a week of one class and region in one action from its capacity page, in a real browser at a
 * desktop and a phone size, then sees the week offered on the ladder and on the public availability grid. GZDH gets
 * 8 GPUs of A800-SXM-80G in a region of its own per size (a class no simulated provider trades, so every other cell
 * of the grid stays empty); every page passes the portal's checks (fits the window, axe-core, clean console).
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:portal-availability;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvailabilityJourneyTests {

    private static final String CLASS = "A800-SXM-80G";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final int WEEK_HOURS = 168;

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;
    private PortalBrowser browser;

    @BeforeAll
    void launch() {
        Assumptions.assumeTrue(PortalBrowser.available(), "no Chromium at " + PortalBrowser.CHROMIUM);
        for (Viewport viewport : sizes().toList()) {
            String cpid = Cpid.of(region(viewport), "GZDH", viewport.phone() ? "AVP1" : "AVD1", "N0001").value();
            var registered = new Browser(port).sendJson("POST", "/api/v1/nodes", """
                    {"cpid":"%s","computeClass":"%s","gpuCount":8}""".formatted(cpid, CLASS), "Accept",
                    "application/json", "Authorization", Browser.bearer("demo-gzdh-key"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        }
        // The first render of each page compiles its template: on a busy machine that alone can outlast the
        // browser's 15 s, so the pages are rendered once before the browser opens them.
        var warmUp = new Browser(port);
        assertThat(warmUp.signIn("ops@gzdh.demo", "demo-pass-1").status()).isEqualTo(302);
        assertThat(warmUp.getHtml("/capacity").status()).isEqualTo(200);
        assertThat(warmUp.getHtml("/catalog/availability").status()).isEqualTo(200);
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
    void aProviderListsAWeekInOneActionAndSeesItOnTheLadderAndTheGrid(Viewport viewport) {
        String region = region(viewport);
        LocalDate first = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();

        try (Tab tab = browser.open("http://127.0.0.1:" + port, viewport)) {
            // A provider's capacity page lists every open hour of each of its classes and regions (some 2,000
            // links here): on a build machine shared by several builds its first load has taken longer than 15 s.
            tab.page.setDefaultNavigationTimeout(45_000);
            tab.visit("/login");
            tab.page.locator("#username").fill("ops@gzdh.demo");
            tab.page.locator("#password").fill("demo-pass-1");
            tab.page.locator("form[action='/login'] button[type=submit]").click();
            tab.page.waitForURL("**/home");
            tab.visit("/capacity");

            Locator group = tab.page.locator("section#capacity-" + CLASS + "-" + region);
            group.locator("summary").filter(new Locator.FilterOptions().setHasText("List a range of hours")).click();
            assertThat(group.getByLabel("Hours").inputValue()).as("a week by default").isEqualTo("168");
            assertThat(group.getByLabel("GPUs each hour").inputValue()).as("the first hour's free GPUs").isEqualTo("8");
            tab.check("the capacity page with the listing form open at " + viewport);
            group.getByLabel("First day (UTC)").fill(first.toString());
            group.getByLabel("First hour (UTC)").selectOption("0");
            group.getByLabel("GPUs each hour").fill("6");
            group.getByLabel("Price per GPU-hour").fill("3.10");
            group.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("List these hours")).click();
            // Back on the capacity page at the group's anchor, loaded (its script lays out the tables on load).
            tab.page.waitForURL("**/capacity#capacity-" + CLASS + "-" + region);

            group = tab.page.locator("section#capacity-" + CLASS + "-" + region);
            assertThat(group.locator("[data-listing-outcome]").textContent().strip()).isEqualTo("Listed 168 hours of "
                    + CLASS + " in " + region + ": 6 GPUs each hour at 3.10 per GPU-hour, " + first + " 00:00 to "
                    + first.plusDays(7) + " 00:00 UTC (1,008 GPU-hours).");
            tab.check("the capacity page after listing a week at " + viewport);
            for (int d = 0; d < 7; d++) {
                Locator day = group.locator(".capacity-table tbody tr").filter(new Locator.FilterOptions()
                        .setHasText(first.plusDays(d).toString()));
                assertThat(day.locator("td").nth(3).textContent().strip()).as("GPU-hours offered on %s",
                        first.plusDays(d)).isEqualTo("144");
            }

            group.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Availability grid")).click();
            tab.page.waitForURL("**/catalog/availability?**");
            tab.check("the availability grid at " + viewport);
            @SuppressWarnings("unchecked")
            var offered = (Map<String, String>) tab.page.evaluate("""
                    () => Object.fromEntries([...document.querySelectorAll('td[data-hour] .avail-gpus')]
                        .map(g => [g.closest('td').dataset.hour, g.textContent.trim()]))""");
            for (int h = 0; h < WEEK_HOURS; h++) {
                String symbol = CLASS + "." + region + "." + HOUR.format(start.plus(Duration.ofHours(h)));
                assertThat(offered.get(symbol)).as("GPUs offered in %s", symbol).isEqualTo("6");
            }
            assertThat(offered.values().stream().filter("6"::equals).count()).as("hours with 6 offered")
                    .isEqualTo(WEEK_HOURS);
            assertThat(offered.values()).as("every other open hour").containsOnly("6", "0");
            assertThat(tab.page.locator("[data-grid-summary]").textContent()).contains("1,008 GPU-hours offered");
            String cell = CLASS + "." + region + "." + HOUR.format(start);
            assertThat(tab.page.locator("td[data-hour='" + cell + "'] a").getAttribute("title"))
                    .isEqualTo(cell + ": 6 GPUs in 1 ask, best ask 3.10 per GPU-hour");
        }
    }

    private static String region(Viewport viewport) {
        return viewport.phone() ? "CN-WEST" : "CN-EAST";
    }
}
