package dev.cpx.web.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.BillingProfileService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.money.Money;
import dev.cpx.settlement.invoice.InvoiceKind;
import dev.cpx.settlement.invoice.InvoicePurpose;
import dev.cpx.settlement.invoice.InvoiceService;
import dev.cpx.settlement.invoice.InvoiceView;
import dev.cpx.settlement.period.RunStatement;
import dev.cpx.settlement.period.SettlementRuns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The settlement lifecycle, then its invoices: the close issued the FINAL run's documents and the true-up the
 * credit notes of its adjustment, numbered without gaps, adding up to the statements, taxed as configured, once
 * however often issuing is repeated, and each organization reads and downloads only its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:invoice-lifecycle;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "cpx.invoices.organizations.ACME.rate-basis-points=2000",
        "cpx.invoices.organizations.ACME.reverse-charge=false"})
class InvoiceLifecycleTests extends SettlementLifecycle {

    private static final String ACME_NAME = "艾克米机器人有限公司 Acme Robotics Ltd";

    @Autowired
    InvoiceService invoices;
    @Autowired
    SettlementRuns runs;
    @Autowired
    BillingProfileService profiles;
    @Autowired
    IdentityService identity;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void billingProfiles() {
        profiles.save(identity.organizationByCode("ACME").orElseThrow().id(), new BillingProfileService.Changes(
                ACME_NAME, "DE123456789", "Hauptstrasse 1\n10115 Berlin\nGermany", "PO-4711"), "finance@acme.demo");
        profiles.save(identity.organizationByCode("SHCC").orElseThrow().id(), new BillingProfileService.Changes(
                "上海算力中心 Shanghai Compute Center Co., Ltd.", "91310000MA1FL0000X", "1 Century Avenue\nShanghai",
                null), "finance@shcc.demo");
    }

    @Test
    @Order(8)
    void theFinalRunsDocumentsAddUpToEachStatement() {
        long periodId = trueUpPeriod();
        List<InvoiceView> issued = invoices.invoices(null, periodId, InvoiceService.MAX_LIST);
        for (RunStatement statement : runs.statements(periodId, null, finalRun())) {
            String organization = statement.organization();
            long signed = issued.stream().filter(i -> i.run() == finalRun() && i.organization().equals(organization))
                    .mapToLong(InvoiceLifecycleTests::signedMinor).sum();
            assertThat(signed).as("%s's documents of the FINAL run", organization)
                    .isEqualTo(statement.totals().netMinor());
        }
        assertThat(issued).allSatisfy(i -> assertThat(i.statementHash()).isEqualTo(runs.statements(periodId,
                i.organization(), i.run()).getFirst().contentHash()));
    }

    @Test
    @Order(8)
    void theTrueUpCreditsTheAdjustmentAgainstTheOriginalInvoices() {
        long periodId = trueUpPeriod();
        List<InvoiceView> issued = invoices.invoices(null, periodId, InvoiceService.MAX_LIST);
        List<InvoiceView> trueUp = issued.stream().filter(i -> i.run() == finalRun() + 1).toList();
        assertThat(trueUp).extracting(i -> i.kind() + " " + i.issuer().code() + ">" + i.recipient().code() + " "
                + Money.format(i.subtotalMinor())).containsExactlyInAnyOrder("CREDIT_NOTE CPX>ACME 12.34",
                "CREDIT_NOTE SHCC>CPX 12.34");
        InvoiceView buyerCredit = trueUp.stream().filter(i -> i.organization().equals("ACME")).findFirst().orElseThrow();
        InvoiceView acmeCompute = original(issued, "ACME", InvoicePurpose.BUYER_COMPUTE);
        assertThat(buyerCredit.references()).isEqualTo(acmeCompute.invoiceNumber());
        InvoiceView providerCredit = trueUp.stream().filter(i -> i.organization().equals("SHCC")).findFirst()
                .orElseThrow();
        assertThat(providerCredit.selfBilled()).isTrue();
        assertThat(providerCredit.invoiceNumber()).startsWith("SB-SHCC-");
        assertThat(providerCredit.references())
                .isEqualTo(original(issued, "SHCC", InvoicePurpose.PROVIDER_SUPPLY).invoiceNumber());
        assertThat(issued).filteredOn(i -> i.purpose() == InvoicePurpose.BUYER_SLA_CREDIT)
                .allSatisfy(i -> assertThat(i.references())
                        .isEqualTo(original(issued, i.organization(), InvoicePurpose.BUYER_COMPUTE).invoiceNumber()));
    }

    @Test
    @Order(8)
    void everyIssuerNumbersWithoutGapsAndTaxFollowsTheOrganizationsSettings() {
        List<InvoiceView> all = invoices.invoices(null, null, InvoiceService.MAX_LIST);
        var bySeries = new TreeMap<String, List<Long>>();
        for (InvoiceView invoice : all) {
            String number = invoice.invoiceNumber();
            int dash = number.lastIndexOf('-');
            bySeries.computeIfAbsent(number.substring(0, dash), k -> new ArrayList<>())
                    .add(Long.parseLong(number.substring(dash + 1)));
            assertThat(number.substring(0, dash)).isEqualTo(invoice.selfBilled() ? "SB-" + invoice.issuer().code()
                    : "CPX");
            if (invoice.organization().equals("ACME")) {
                assertThat(invoice.taxRateBasisPoints()).isEqualTo(2000);
                assertThat(invoice.taxMinor()).isEqualTo(Money.percentOf(invoice.subtotalMinor(), 2000));
                assertThat(invoice.reverseCharge()).isFalse();
                assertThat(invoice.recipient().legalName()).isEqualTo(ACME_NAME);
                assertThat(invoice.poReference()).isEqualTo("PO-4711");
            } else {
                assertThat(invoice.taxMinor()).isZero();
                assertThat(invoice.reverseCharge()).isTrue();
            }
            assertThat(invoice.totalMinor()).isEqualTo(invoice.subtotalMinor() + invoice.taxMinor());
        }
        bySeries.forEach((series, numbers) -> assertThat(numbers).as(series)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
        assertThat(bySeries).containsKeys("CPX", "SB-SHCC");
    }

    @Test
    @Order(9)
    void issuingARunAgainGivesTheSameDocuments() {
        long periodId = trueUpPeriod();
        List<InvoiceView> before = invoices.invoices(null, periodId, InvoiceService.MAX_LIST);
        List<InvoiceView> again = new ArrayList<>(invoices.issue(periodId, finalRun()));
        again.addAll(invoices.issue(periodId, finalRun() + 1));
        assertThat(again).usingRecursiveComparison().isEqualTo(before);
        assertThat(invoices.invoices(null, periodId, InvoiceService.MAX_LIST)).hasSize(before.size());
    }

    @Test
    @Order(9)
    void eachOrganizationReadsAndDownloadsOnlyItsOwnDocuments() throws Exception {
        long periodId = trueUpPeriod();
        JsonNode acme = call("GET", "/invoices?periodId=" + periodId, "demo-acme-key", null).body();
        assertThat(acme.valueStream().toList()).isNotEmpty().allSatisfy(i -> assertThat(
                List.of(i.get("issuer").get("code").asString(), i.get("recipient").get("code").asString()))
                .contains("ACME"));
        JsonNode all = call("GET", "/invoices?periodId=" + periodId, "demo-admin-key", null).body();
        assertThat(all.size()).isGreaterThan(acme.size());
        JsonNode first = acme.get(0);
        assertThat(first.get("subtotal").asString()).matches("[0-9]+\\.[0-9]{2}");
        assertThat(first.get("taxRate").asString()).isEqualTo("20.00");
        assertThat(first.get("kind").asString()).isEqualTo("INVOICE");
        assertThat(first.get("periodId").asLong()).isEqualTo(periodId);

        String novas = all.valueStream().filter(i -> i.get("recipient").get("code").asString().equals("NOVA"))
                .findFirst().orElseThrow().get("invoiceNumber").asString();
        assertThat(download(novas, "demo-acme-key").statusCode()).isEqualTo(404);
        assertThat(download(novas, "demo-nova-key").statusCode()).isEqualTo(200);
        assertThat(download("CPX-999999", "demo-admin-key").statusCode()).isEqualTo(404);

        String number = first.get("invoiceNumber").asString();
        HttpResponse<byte[]> pdf = download(number, "demo-acme-key");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download(number, "demo-admin-key").body()).as("the same bytes on every download")
                .isEqualTo(pdf.body());
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains(number, "艾克米机器人有限公司", "DE123456789", "PO-4711",
                first.get("total").asString(), first.get("tax").asString(), first.get("statementHash").asString(),
                "Settlement period", "Due date");
    }

    private HttpResponse<byte[]> download(String number, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/invoices/" + number
                + ".pdf")).header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long trueUpPeriod() {
        return jdbc.sql("select period_id from settlement_run where kind = 'TRUE_UP' order by id").query(Long.class)
                .list().getFirst();
    }

    private static InvoiceView original(List<InvoiceView> issued, String organization, InvoicePurpose purpose) {
        return issued.stream().filter(i -> i.organization().equals(organization) && i.purpose() == purpose
                && i.kind() == InvoiceKind.INVOICE && i.references() == null).findFirst().orElseThrow();
    }

    /** What the document moves for its organization: negative when the organization pays. */
    static long signedMinor(InvoiceView invoice) {
        boolean pays = invoice.purpose().issuedByPlatform() == (invoice.kind() == InvoiceKind.INVOICE);
        return pays ? -invoice.subtotalMinor() : invoice.subtotalMinor();
    }
}
