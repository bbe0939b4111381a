package dev.cpx.settlement.statement.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementDocument;
import java.io.ByteArrayInputStream;
import java.util.regex.Pattern;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** A report of an open period says PRELIMINARY in every format, and on every PDF page; a closed one says FINAL. */
class PreliminaryReportTests {

    private static final String BANNER = "PRELIMINARY: period 42 is open; these figures may change until it closes.";

    private final StatementReports reports = new StatementReports();
    private final StatementDocument open = reopen(ReportFixtures.statement(400, 3));

    @Test
    void csvMarksTheFiguresPreliminary() throws Exception {
        assertThat(ParsedReport.csv(reports.csv(open), "contract_id").metadata())
                .containsEntry("figures", "PRELIMINARY").containsEntry("period_status", "OPEN");
        assertThat(ParsedReport.csv(reports.csv(ReportFixtures.statement(3, 3)), "contract_id").metadata())
                .containsEntry("figures", "FINAL");
    }

    @Test
    void xlsxMarksTheTitleAndTheFigures() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(reports.xlsx(open)))) {
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("CPX settlement statement - PRELIMINARY");
        }
        assertThat(ParsedReport.xlsx(reports.xlsx(open), "Contract").metadata()).containsEntry("Figures",
                "PRELIMINARY");
    }

    @Test
    void everyPdfPageCarriesTheMark() throws Exception {
        byte[] pdf = reports.pdf(open);
        String text = ParsedReport.pdfText(pdf);
        int pages = ParsedReport.pdfPages(pdf);

        assertThat(pages).isGreaterThan(1);
        assertThat(Pattern.compile("(?m)^CPX settlement statement - PRELIMINARY$").matcher(text).results().count())
                .isEqualTo(pages);
        assertThat(Pattern.compile(Pattern.quote(BANNER)).matcher(text).results().count()).isEqualTo(pages);
        assertThat(ParsedReport.pdfText(reports.pdf(ReportFixtures.statement(3, 3)))).doesNotContain("PRELIMINARY");
    }

    @Test
    void thePlatformReportOfAnOpenPeriodIsMarkedToo() throws Exception {
        PlatformReport closed = ReportFixtures.platform(3, 1);
        PlatformReport report = new PlatformReport(closed.periodId(), closed.periodStart(), closed.periodEnd(), "OPEN",
                closed.currency(), closed.organizations(), closed.sum(), null, closed.generatedAt());

        assertThat(ParsedReport.csv(reports.csv(report), "organization").metadata())
                .containsEntry("figures", "PRELIMINARY");
        assertThat(ParsedReport.pdfText(reports.pdf(report))).contains("CPX platform settlement report - PRELIMINARY")
                .contains(BANNER);
    }

    private static StatementDocument reopen(StatementDocument d) {
        return new StatementDocument(d.periodId(), d.periodStart(), d.periodEnd(), "OPEN", d.organizationCode(),
                d.organizationName(), d.currency(), d.lines(), d.totals(), null, d.generatedAt());
    }
}
