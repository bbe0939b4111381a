package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementTotals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cpx.settlement.statement.report.ReportAssertions.assertPdfTotals;
import static dev.cpx.settlement.statement.report.ReportAssertions.assertPlatformTable;
import static dev.cpx.settlement.statement.report.ReportAssertions.figures;
import static org.assertj.core.api.Assertions.assertThat;

class PlatformReportTests {

    private static final List<String> CSV_HEADER = List.of("organization", "gross_payable", "gross_receivable",
            "sla_credits", "fees", "adjustments", "net", "prepaid", "paid_at_close");

    private final StatementReports reports = new StatementReports();
    private final PlatformReport report = ReportFixtures.platform(40, 11);

    @Test
    void csvReadsBackEveryOrganizationAndTheSumToTheCent() throws Exception {
        ParsedReport parsed = ParsedReport.csv(reports.csv(report), "organization");

        assertThat(parsed.header()).containsExactlyElementsOf(CSV_HEADER);
        assertPlatformTable(parsed, report);
        assertThat(parsed.metadata()).containsEntry("report", "platform").containsEntry("period_id", "42")
                .containsEntry("organizations", "40").containsEntry("content_hash", ReportFixtures.HASH)
                .containsEntry("generated_at", "2026-11-08T01:02:03.456Z");
    }

    @Test
    void xlsxReadsBackEveryOrganizationAndTheSumToTheCent() throws Exception {
        ParsedReport parsed = ParsedReport.xlsx(reports.xlsx(report), "Organization");

        assertThat(parsed.header()).containsExactly("Organization", "Gross payable", "Gross receivable",
                "SLA credits", "Fees", "Adjustments", "Net", "Prepaid at trade", "Paid at close");
        assertPlatformTable(parsed, report);
        assertThat(parsed.metadata()).containsEntry("Period", "42").containsEntry("Status", "CLOSED");
    }

    @Test
    void organizationNamesWithCommasQuotesLineBreaksAndChineseSurviveCsvAndXlsx() throws Exception {
        assertThat(ParsedReport.csv(reports.csv(report), "organization").rows())
                .extracting(row -> row.getFirst()).startsWith("Acme Compute", "Nordic GPU, AB",
                        "\"Quoted\" Cloud Ltd", "Line\nBreak Labs", ReportFixtures.TRICKY_NAME);
        assertThat(ParsedReport.xlsx(reports.xlsx(report), "Organization").rows())
                .extracting(row -> row.getFirst()).startsWith("Acme Compute", "Nordic GPU, AB",
                        "\"Quoted\" Cloud Ltd", "Line\nBreak Labs", ReportFixtures.TRICKY_NAME);
    }

    @Test
    void pdfShowsEveryOrganizationsFiguresAndTheSum() throws Exception {
        String text = ParsedReport.pdfText(reports.pdf(report));

        for (StatementTotals organization : report.organizations()) {
            assertThat(text).contains(String.join(" ", figures("", organization).subList(1, 9)) + "\n");
        }
        assertThat(text).contains(String.join(" ", figures("TOTAL", report.sum())) + "\n");
        assertPdfTotals(text, report.sum());
        assertThat(text).contains(ReportFixtures.TRICKY_NAME);
    }

    @Test
    void aPlatformReportWithManyOrganizationsSpansPages() throws Exception {
        PlatformReport large = ReportFixtures.platform(500, 5);

        byte[] pdf = reports.pdf(large);

        assertThat(ParsedReport.pdfPages(pdf)).isGreaterThan(1);
        assertPdfTotals(ParsedReport.pdfText(pdf), large.sum());
        assertPlatformTable(ParsedReport.csv(reports.csv(large), "organization"), large);
        assertPlatformTable(ParsedReport.xlsx(reports.xlsx(large), "Organization"), large);
    }

    @Test
    void aPeriodWithoutOrganizationsRendersInEveryFormat() throws Exception {
        PlatformReport empty = ReportFixtures.platform(List.of());

        assertPlatformTable(ParsedReport.csv(reports.csv(empty), "organization"), empty);
        assertPlatformTable(ParsedReport.xlsx(reports.xlsx(empty), "Organization"), empty);
        String text = ParsedReport.pdfText(reports.pdf(empty));
        assertThat(text).contains("page 1 of 1");
        assertPdfTotals(text, empty.sum());
    }
}
