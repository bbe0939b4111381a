package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.time.MovableClock;
import dev.cpx.web.portal.journey.PortalBrowser.Tab;
import dev.cpx.web.portal.journey.PortalBrowser.Viewport;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every role's way through the portal in a real browser, at a desktop and a phone size: sign in, open every link
 * of the navigation (each must answer 200 to that person), do the role's main step, and on every page check that
 * nothing is wider than the window, no table hides columns sideways on a phone and the console stays clean. The
 * demo data plus one settled period (so finance has a statement to open), in a database of its own.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:portal-journeys;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000",
                // Twelve journeys open instrument pages from one address faster than closed live feeds are noticed
                // (at the next keep-alive): the per-address cap (tested on its own) must not answer one 429.
                "cpx.market.feeds-per-client=100"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalJourneyTests {

    private static final Logger log = LoggerFactory.getLogger(PortalJourneyTests.class);
    private static final String PASSWORD = "demo-pass-1";
    /** Outside the portal's layout (Swagger UI): only its status is checked. */
    private static final String API_DOCS = "/swagger-ui.html";
    /** A form field by its whole label ("Compute class" is also part of a section's name). */
    private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

    @LocalServerPort
    int port;
    @Autowired
    InstrumentService instruments;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MovableClock clock;
    @Autowired
    MarketService market;

    /** The instrument the settled period delivered: closed, with a trade. */
    private String closedSymbol;
    /** An open instrument with an ask of SHCC's that each buyer journey takes one GPU of. */
    private String askSymbol;
    /** An open instrument with an ask of SHCC's that no journey takes, dearer than {@link #askSymbol}'s. */
    private String offeredSymbol;
    private PortalBrowser browser;
    private final AtomicInteger journeys = new AtomicInteger();
    private final AtomicInteger pages = new AtomicInteger();
    private long startNanos;

    record Journey(String email, Viewport viewport, Consumer<Tab> mainStep) {
        @Override
        public String toString() {
            return email + " at " + viewport;
        }
    }

    @BeforeAll
    void launch() throws Exception {
        Assumptions.assumeTrue(PortalBrowser.available(), "no Chromium at " + PortalBrowser.CHROMIUM);
        closedSymbol = new SettledPeriod(port, instruments, nodes, identity, clock).create();
        // At the price the provider journeys offer at, so the trade it makes sets no price band against them.
        askSymbol = instruments.search(new InstrumentQuery("A100-SXM-80G", "CN-EAST", InstrumentStatus.OPEN, null,
                null, 0, 50)).stream().max(Comparator.comparing(InstrumentView::deliveryStart)).orElseThrow().symbol();
        market.place(new PlaceOrder(identity.organizationByCode("SHCC").orElseThrow(), "journey-ask", askSymbol,
                Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 900L, 2));
        // A book with depth on both sides for the instrument page (and its picture in docs/screenshots); the journeys
        // take only the two GPUs at 9.00.
        market.place(new PlaceOrder(identity.organizationByCode("SHCC").orElseThrow(), "journey-ask-deeper",
                askSymbol, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 950L, 3));
        market.place(new PlaceOrder(identity.organizationByCode("NOVA").orElseThrow(), "journey-bid", askSymbol,
                Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 850L, 1));
        market.place(new PlaceOrder(identity.organizationByCode("NOVA").orElseThrow(), "journey-bid-lower",
                askSymbol, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 820L, 2));
        // An offer nobody takes, dearer, so the catalog's offers sorted by price always list two.
        offeredSymbol = instruments.search(new InstrumentQuery("A100-SXM-80G", "CN-EAST", InstrumentStatus.OPEN, null,
                null, 0, 50)).stream().sorted(Comparator.comparing(InstrumentView::deliveryStart).reversed()).skip(1)
                .findFirst().orElseThrow().symbol();
        market.place(new PlaceOrder(identity.organizationByCode("SHCC").orElseThrow(), "journey-catalog-ask",
                offeredSymbol, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1300L, 1));
        startNanos = System.nanoTime();
        browser = PortalBrowser.launch();
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
            log.info("Browser journeys: {} journeys, {} pages checked, {} s", journeys, pages,
                    (System.nanoTime() - startNanos) / 1_000_000_000);
        }
    }

    Stream<Journey> journeys() {
        return Stream.of(Viewport.DESKTOP, Viewport.PHONE).flatMap(size -> Stream.of(
                new Journey("trader@acme.demo", size, this::buyerPlacesABid),
                new Journey("ops@shcc.demo", size, this::providerOffersCapacity),
                new Journey("ops@gzdh.demo", size, this::providerOffersCapacity),
                new Journey("finance@acme.demo", size, this::financeOpensItsStatement),
                new Journey("finance@cpx.demo", size, this::platformFinanceOpensThePeriod),
                new Journey("admin@cpx.demo", size, this::adminRevokesAKeyWithAReason)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void everyRoleSignsInVisitsItsNavigationAndDoesItsMainStep(Journey journey) {
        try (Tab tab = browser.open("http://127.0.0.1:" + port, journey.viewport())) {
            signIn(tab, journey.email());
            headerFits(tab);
            for (String link : navigation(tab)) {
                if (link.equals(API_DOCS)) {
                    assertThat(tab.status(link)).as("%s for %s", link, journey).isEqualTo(200);
                } else {
                    tab.visit(link);
                }
            }
            journey.mainStep().accept(tab);
            journeys.incrementAndGet();
            pages.addAndGet(tab.pagesChecked());
        }
    }

    private static void signIn(Tab tab, String email) {
        tab.visit("/login");
        tab.page.locator("#username").fill(email);
        tab.page.locator("#password").fill(PASSWORD);
        tab.page.locator("form[action='/login'] button[type=submit]").click();
        tab.page.waitForURL("**/home");
        tab.check("/home after signing in as " + email);
    }

    /** The person's name and Sign out are on screen: in the bar on a desktop, behind the menu button on a phone. */
    private static void headerFits(Tab tab) {
        Locator signOut = tab.page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign out"));
        if (tab.viewport.phone()) {
            tab.page.locator("[data-nav-toggle]").click();
        }
        assertThat(signOut.isVisible()).as("Sign out visible at %s", tab.viewport).isTrue();
        var box = signOut.boundingBox();
        assertThat(box.x + box.width).as("Sign out's right edge at %s", tab.viewport)
                .isLessThanOrEqualTo(tab.viewport.width());
        if (tab.viewport.phone()) {
            tab.page.locator("[data-nav-toggle]").click();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> navigation(Tab tab) {
        return (List<String>) tab.page.evaluate(
                "() => [...document.querySelectorAll('#site-nav .nav-links a, #site-nav a[data-fills]')]"
                        + ".map(a => a.getAttribute('href'))");
    }

    private void buyerPlacesABid(Tab tab) {
        tab.visit("/market/" + askSymbol);
        assertThat(tab.page.locator("main").textContent()).contains("9.00", "9.50", "8.50", "8.20");
        tab.check("an instrument page with a book on both sides");
        findsOffersCheapestFirstAndTheIndexChart(tab);
        tab.visit("/catalog");
        tab.page.locator("a[href^='/market/']").first().click();
        tab.page.waitForURL("**/market/**");
        tab.check("an instrument page");
        placeOrder(tab, "Buy", "1.00");
        tab.page.waitForSelector("[data-live-indicator].connected");
        assertThat(tab.page.locator("[data-live-text]").textContent()).isEqualTo("Live");

        buyAtTheBestAskAndSeeTheFill(tab);
        topUpByBankTransfer(tab);

        tab.visit("/market/" + closedSymbol);
        assertThat(tab.page.locator(".page-header .badge").textContent()).isNotEqualTo("Open");
        assertThat(tab.page.locator("[data-live-indicator]").isVisible()).as("a closed instrument is not live").isFalse();
    }

    /**
     * Takes the best ask (SHCC's, placed before the journeys) with an IOC bid: the instrument page says the order filled, the next page load shows the fill
     * as a toast (this browser saw the fills before it), and the Fills page lists it with its fee.
     */
    private void buyAtTheBestAskAndSeeTheFill(Tab tab) {
        String withAsk = "/market/" + askSymbol;
        tab.visit(withAsk);
        String bestAsk = tab.page.locator("[data-quote=bestAsk]").textContent().trim().replace(",", "");
        // A tenth above the ask it saw, so an ask the demo market takes meanwhile still leaves one to fill against.
        String limit = new java.math.BigDecimal(bestAsk).multiply(new java.math.BigDecimal("1.10"))
                .setScale(2, java.math.RoundingMode.DOWN).toPlainString();
        String symbol = withAsk.substring(withAsk.lastIndexOf('/') + 1);
        tab.page.locator(".segmented label").filter(new Locator.FilterOptions().setHasText("Buy")).click();
        tab.page.locator("#timeInForce").selectOption("IOC");
        tab.page.getByLabel("Limit price").fill(limit);
        tab.page.getByLabel("GPUs").fill("1");
        tab.page.locator("[data-ticket-submit]").click();
        tab.page.waitForLoadState();
        assertThat(tab.page.locator(".alert[role=status]").textContent()).containsPattern("FILLED 1 at [0-9.]+\\.");
        // Looked for before the page's checks: a toast leaves after 15 s, which a check on a busy machine can outlast.
        tab.page.locator(".toast").filter(new Locator.FilterOptions().setHasText("Bought 1 GPU of " + symbol))
                .first().waitFor();
        tab.check("the instrument after a fill, with its toast");
        tab.visit("/notifications");
        assertThat(tab.page.locator("main table tbody tr").first().textContent()).contains("Bought");
        assertThat(tab.page.locator("main table tbody tr").first().locator("a").first().getAttribute("href"))
                .isEqualTo(withAsk);
    }

    /**
     * The catalog's filter: offers only, 80 GB or more, cheapest per GPU-hour first; every row has an ask, in order,
     * and the choice stays in the form. Then the price index of the settled period's class and region, drawn.
     */
    private void findsOffersCheapestFirstAndTheIndexChart(Tab tab) {
        tab.visit("/catalog");
        tab.page.getByLabel("GPU memory", EXACT).selectOption("80");
        tab.page.getByLabel("Sort by", EXACT).selectOption("ask");
        tab.page.getByLabel("Has offers (an open ask)", EXACT).check();
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        tab.page.waitForURL("**/catalog?**offered=true**");
        tab.check("the catalog, offers only, cheapest first");
        List<java.math.BigDecimal> asks = tab.page.locator("[data-best-ask]").allTextContents().stream()
                .map(text -> new java.math.BigDecimal(text.trim().replace(",", ""))).toList();
        assertThat(asks).as("best asks on the page").hasSizeGreaterThanOrEqualTo(1).isSorted();
        assertThat(tab.page.locator("a[href='/market/" + offeredSymbol + "']").count()).isEqualTo(1);
        assertThat(tab.page.getByLabel("Has offers (an open ask)", EXACT).isChecked()).isTrue();
        assertThat(tab.page.getByLabel("Sort by", EXACT).inputValue()).isEqualTo("ask");
        assertThat(tab.page.getByLabel("GPU memory", EXACT).inputValue()).isEqualTo("80");

        // A 24 GB class with 80 GB or more: nothing can match.
        tab.page.getByLabel("Sort by", EXACT).selectOption("ask-scu");
        tab.page.getByLabel("Compute class", EXACT).selectOption("RTX4090-24G");
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        tab.page.waitForURL("**/catalog?computeClass=RTX4090-24G**");
        assertThat(tab.page.locator("[data-empty-catalog]").textContent()).contains("No instrument matches");
        tab.check("the catalog with no instrument matching");

        tab.visit("/catalog/index?computeClass=H100-SXM-80G&region=CN-EAST");
        assertThat(tab.page.locator("[data-index-chart] svg[role=img]").getAttribute("aria-label"))
                .contains("H100-SXM-80G in CN-EAST", "latest 2.00");
        tab.page.locator("[data-index-chart] details summary").click();
        assertThat(tab.page.locator("[data-index-chart] details tbody tr").count()).isEqualTo(30);
        tab.check("the price index with its figures open");
    }

    private static void topUpByBankTransfer(Tab tab) {
        tab.visit("/account");
        tab.page.locator("main a[href='/account/top-up']").click();
        tab.page.waitForURL("**/account/top-up");
        tab.check("the top-up page");
        tab.page.getByLabel("Amount").fill("250.00");
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create bank transfer")).click();
        tab.page.waitForURL("**/account/top-up");
        assertThat(tab.page.locator(".alert[role=status]").textContent()).contains("250.00", "CPX-TOPUP-");
        tab.check("the top-up page after creating a transfer");
    }

    private void providerOffersCapacity(Tab tab) {
        tab.visit("/nodes");
        assertThat(tab.page.locator("main table tbody tr").count()).as("the provider's nodes").isPositive();
        buildsACpidWithTheHelper(tab);
        tab.visit("/capacity");
        tab.page.locator(".capacity-table a.btn").first().click();
        tab.page.waitForURL("**/market/**");
        tab.check("an instrument page from Capacity");
        placeOrder(tab, "Sell", "9.00");
    }

    /**
     * The helper computes the check digits as the user types, by the server's rule; a site the provider has no node
     * at yet is refused until the user says it is new.
     */
    private void buildsACpidWithTheHelper(Tab tab) {
        String organization = tab.page.locator("form[data-cpid-form]").getAttribute("data-provider");
        var exact = new Page.GetByLabelOptions().setExact(true);
        tab.page.getByLabel("Region", exact).selectOption("CN-EAST");
        tab.page.getByLabel("Site", exact).fill("zz9");
        tab.page.getByLabel("Node", exact).fill("n0042");
        String expected = Cpid.of("CN-EAST", organization, "ZZ9", "N0042").value();
        assertThat(tab.page.locator("#cpid").inputValue()).isEqualTo(expected);
        assertThat(tab.page.locator("[data-cpid-status]").textContent()).contains(expected, "not one of your sites");
        tab.page.locator("#computeClass").selectOption("H100-SXM-80G");
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register node")).click();
        tab.page.waitForLoadState();
        assertThat(tab.page.locator(".invalid .field-error").first().textContent())
                .contains("site ZZ9 is not one of your sites");
        tab.check("the nodes page refusing an unannounced new site");
    }

    private static void placeOrder(Tab tab, String side, String price) {
        tab.page.locator(".segmented label").filter(new Locator.FilterOptions().setHasText(side)).click();
        tab.page.getByLabel("Limit price").fill(price);
        tab.page.getByLabel("GPUs").fill("1");
        tab.page.locator("[data-ticket-submit]").click();
        tab.page.waitForLoadState();
        assertThat(tab.page.locator(".alert[role=status]").textContent()).contains("placed");
        tab.check("the instrument after placing an order");
    }

    private void financeOpensItsStatement(Tab tab) {
        tab.visit("/finance");
        tab.page.locator("main a[href^='/finance/periods/']").first().click();
        tab.page.waitForURL("**/finance/periods/*");
        assertThat(tab.page.locator("main").textContent()).contains("Statement", "Bought");
        tab.check("the buyer's statement");
    }

    private void platformFinanceOpensThePeriod(Tab tab) {
        tab.visit("/finance");
        tab.page.locator("main a[href^='/finance/periods/']").first().click();
        tab.page.waitForURL("**/finance/periods/*");
        assertThat(tab.page.locator("main").textContent()).contains("Statements", "Netting", "Audit trail");
        tab.check("the period under review");
    }

    /**
     * Revokes a demo key nothing here uses (NOVA's on a desktop, GZDH's on a phone), moves the clock an hour,
     * simulates a delivery, then opens the trading halts, the bank transfers and the forms for a new user and a new
     * organization (sent empty: each field says what it needs), and an organization's page with a wrong credit limit.
     */
    private void adminRevokesAKeyWithAReason(Tab tab) {
        String organization = tab.viewport.phone() ? "GZDH" : "NOVA";
        tab.visit("/admin");
        var row = tab.page.locator("#keys tbody tr").filter(new Locator.FilterOptions().setHasText(organization));
        row.locator("input[name=reason]").fill("journey: key retired");
        tab.page.onceDialog(dialog -> dialog.accept());
        row.locator("button").click();
        tab.page.waitForURL("**/admin#keys");
        assertThat(tab.page.locator(".alert[role=status]").textContent()).contains("revoked");
        assertThat(tab.page.locator("#audit").textContent()).contains("API_KEY_REVOKED", "of " + organization,
                "journey: key retired");
        tab.check("the admin console after a revocation");

        tab.page.locator("#advanceBy").selectOption("PT1H");
        tab.page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Advance the clock")).click();
        tab.page.waitForURL("**/admin#demo");
        assertThat(tab.page.locator(".alert[role=status]").textContent()).contains("Market clock moved by PT1H");
        assertThat(tab.page.locator("#audit").textContent()).contains("CLOCK_ADVANCED", "demo: advanced by PT1H");
        tab.check("the admin console after moving the clock");

        // The settled period's contract is allocated and over, so it is offered; its meters have reported already,
        // under other record ids, so the simulated records overlap them and are refused: the notice says so.
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Simulate delivery")).first().click();
        tab.page.waitForURL("**/admin#demo");
        assertThat(tab.page.locator(".alert[role=status]").textContent())
                .contains("full delivery sent from both meters (provider 0 accepted, 0 already there, 1 refused; "
                        + "buyer 0 accepted, 0 already there, 1 refused)");
        assertThat(tab.page.locator("#audit").textContent()).contains("DELIVERY_SIMULATED");
        tab.check("the admin console after simulating a delivery");

        // The console's other pages; nothing is halted or created here, other journeys trade at the same time.
        tab.visit("/admin/market");
        assertThat(tab.page.locator("h1").textContent()).contains("Trading halts");
        tab.check("the trading halts");
        tab.visit("/admin/top-ups");
        tab.check("the bank transfers awaiting confirmation");
        tab.visit("/admin/users/new");
        tab.check("a new user");
        tab.visit("/admin/organizations/new");
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create organization")).click();
        assertThat(tab.page.locator(".field-error").first().textContent()).contains("3 to 8 capital letters");
        tab.check("a new organization refused with its reasons");
        // Its credit limit is editable; a wrong amount is refused beside the field and changes nothing.
        tab.visit("/admin/organizations/" + organization);
        tab.page.locator("#creditLimit").fill("lots");
        tab.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
        assertThat(tab.page.locator(".field-error").first().textContent()).contains("an amount such as");
        tab.check("an organization's credit limit refused with its reason");
    }
}
