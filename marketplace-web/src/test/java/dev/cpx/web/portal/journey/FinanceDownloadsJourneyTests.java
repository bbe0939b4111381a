package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.time.MovableClock;
import dev.cpx.web.portal.journey.PortalBrowser.Tab;
import dev.cpx.web.portal.journey.PortalBrowser.Viewport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
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
 * Finance's downloads in a real browser, at a desktop and a phone size: a finance person opens the page that
 * offers a file, the page passes the portal's checks, and the link downloads the file the page promises. Each
 * download is one {@link FinanceDownload}: a page, the link on it, and what the file must be; add a row to
 * {@link #downloads()} for another. The demo data plus one settled and closed period, in a database of its own.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:finance-downloads;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinanceDownloadsJourneyTests {

    private static final String PASSWORD = "demo-pass-1";
    private static final Pattern PERIOD_ID = Pattern.compile("\"periodId\":(\\d+)");

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

    private PortalBrowser browser;
    /** The period closed before the journeys (arguments are built after {@code @BeforeAll}). */
    private String closedPeriodId;

    /**
     * A file finance downloads: who, from which page, by which link (a CSS selector within {@code main}), and
     * what the downloaded file must be ({@code check} gets the link's row text and the file's bytes).
     */
    record FinanceDownload(String name, String email, String page, String link,
                           BiConsumer<String, byte[]> check) {
        @Override
        public String toString() {
            return name + " for " + email;
        }
    }

    record Journey(FinanceDownload download, Viewport viewport) {
        @Override
        public String toString() {
            return download + " at " + viewport;
        }
    }

    Stream<FinanceDownload> downloads() {
        return Stream.of(
                new FinanceDownload("invoice PDF", "finance@acme.demo", "/finance/invoices",
                        "table.invoice-table a[href$='.pdf']", FinanceDownloadsJourneyTests::isTheRowsInvoicePdf),
                new FinanceDownload("invoice PDF", "finance@cpx.demo", "/finance/invoices",
                        "table.invoice-table a[href$='.pdf']", FinanceDownloadsJourneyTests::isTheRowsInvoicePdf),
                // The period page lists every organization's statement with its files; ACME's FOCUS file.
                new FinanceDownload("FOCUS file", "finance@cpx.demo", "/finance/periods/" + closedPeriodId,
                        "a[href$='/ACME.focus.csv']", FinanceDownloadsJourneyTests::isAFocusFile));
    }

    Stream<Journey> journeys() {
        return downloads().flatMap(d -> Stream.of(new Journey(d, Viewport.DESKTOP), new Journey(d, Viewport.PHONE)));
    }

    @BeforeAll
    void launch() throws Exception {
        Assumptions.assumeTrue(PortalBrowser.available(), "no Chromium at " + PortalBrowser.CHROMIUM);
        new SettledPeriod(port, instruments, nodes, identity, clock).create();
        closeTheOpenPeriod();
        browser = PortalBrowser.launch();
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("journeys")
    void financeOpensThePageAndDownloadsTheFile(Journey journey) {
        FinanceDownload download = journey.download();
        try (Tab tab = browser.open("http://127.0.0.1:" + port, journey.viewport())) {
            signIn(tab, download.email());
            tab.visit(download.page());
            Locator link = tab.page.locator("main " + download.link()).first();
            String row = link.locator("xpath=ancestor::tr").textContent();
            Download file = tab.page.waitForDownload(link::click);
            assertThat(file.failure()).as("%s", journey).isNull();
            try {
                download.check().accept(row, Files.readAllBytes(file.path()));
            } catch (java.io.IOException e) {
                throw new AssertionError("reading the download of " + journey, e);
            }
        }
    }

    /** The file is a PDF of the invoice its row names, showing that number and the row's total. */
    private static void isTheRowsInvoicePdf(String row, byte[] file) {
        Matcher number = Pattern.compile("(?:SB-[A-Z]+|CPX)-\\d{6}").matcher(row);
        assertThat(number.find()).as("an invoice number in the row: %s", row).isTrue();
        assertThat(new String(file, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument pdf = Loader.loadPDF(file)) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains(number.group(), "Total", "Settlement period");
        } catch (java.io.IOException e) {
            throw new AssertionError("the download is no readable PDF", e);
        }
    }

    /** A FOCUS 1.0 cost and usage file: its header names the mandatory cost columns, and every row has a cost. */
    private static void isAFocusFile(String row, byte[] file) {
        String text = new String(file, java.nio.charset.StandardCharsets.UTF_8);
        try (var csv = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(text))) {
            assertThat(csv.getHeaderNames()).contains("BilledCost", "EffectiveCost", "ChargeCategory",
                    "ChargePeriodStart", "ResourceId", "SkuId", "ConsumedQuantity", "BillingCurrency");
            var records = csv.getRecords();
            assertThat(records).as("rows of %s", row).isNotEmpty();
            for (var record : records) {
                assertThat(new java.math.BigDecimal(record.get("BilledCost"))).as("%s", record).isNotNull();
                assertThat(record.get("BillingCurrency")).as("%s", record).isNotBlank();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("the download is no readable CSV", e);
        }
        assertThat(row).contains("ACME");
    }

    private static void signIn(Tab tab, String email) {
        tab.visit("/login");
        tab.page.locator("#username").fill(email);
        tab.page.locator("#password").fill(PASSWORD);
        tab.page.locator("form[action='/login'] button[type=submit]").click();
        tab.page.waitForURL("**/home");
    }

    /** Platform finance closes the period SettledPeriod opened: the close issues its invoices. */
    private void closeTheOpenPeriod() throws Exception {
        var http = HttpClient.newHttpClient();
        String periods = http.send(request("/api/v1/settlement/periods?status=OPEN").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher id = PERIOD_ID.matcher(periods);
        assertThat(id.find()).as(periods).isTrue();
        closedPeriodId = id.group(1);
        var closed = http.send(request("/api/v1/settlement/periods/" + id.group(1) + "/close")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer demo-admin-key");
    }
}
