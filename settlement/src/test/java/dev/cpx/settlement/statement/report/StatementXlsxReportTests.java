package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.StatementDocument;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.cpx.settlement.statement.report.ReportAssertions.assertStatementTable;
import static dev.cpx.settlement.statement.report.StatementCsvReportTests.line;
import static org.assertj.core.api.Assertions.assertThat;

class StatementXlsxReportTests {

    private final StatementReports reports = new StatementReports();

    @Test
    void everyLineAndTheTotalsReadBackToTheCent() throws Exception {
        StatementDocument document = ReportFixtures.statement(300, 7);

        ParsedReport parsed = ParsedReport.xlsx(reports.xlsx(document), "Contract");

        assertThat(parsed.header()).containsExactly("Contract", "Line", "Instrument", "Role", "Counterparty",
                "GPUs", "Price/GPU-h", "Contracted GPU-s", "Provider GPU-s", "Buyer GPU-s", "Delivered GPU-s", "Value",
                "Rated value", "SLA credit", "Fee", "Adjustment", "Net", "Coverage", "One-sided GPU-s", "Differences",
                "Note", "Gross payable", "Gross receivable", "Prepaid at trade", "Paid at close");
        assertStatementTable(parsed, document);
    }

    @Test
    void theTitleBlockNamesOrganizationPeriodStatusCurrencyHashAndGenerationTime() throws Exception {
        ParsedReport parsed = ParsedReport.xlsx(reports.xlsx(ReportFixtures.statement(3, 1)), "Contract");

        assertThat(parsed.metadata()).containsEntry("Organization code", "ACME")
                .containsEntry("Organization", ReportFixtures.TRICKY_NAME).containsEntry("Period", "42")
                .containsEntry("Period start", "2026-11-01T00:00:00Z")
                .containsEntry("Period end", "2026-11-08T00:00:00Z").containsEntry("Status", "CLOSED")
                .containsEntry("Currency", "USD").containsEntry("Content hash", ReportFixtures.HASH)
                .containsEntry("Generated at", "2026-11-08T01:02:03.456Z");
    }

    @Test
    void amountsAreNumbersWithTwoDecimalsAndTheHeaderIsBoldAndFrozen() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "Acme",
                List.of(line(1, "Nordic GPU, AB")));

        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(reports.xlsx(document)))) {
            Sheet sheet = workbook.getSheet("Statement");
            int header = headerRow(sheet);
            Row line = sheet.getRow(header + 1);
            org.apache.poi.ss.usermodel.Cell net = line.getCell(16);

            assertThat(net.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(BigDecimal.valueOf(net.getNumericCellValue())).isEqualByComparingTo("-1005.00");
            assertThat(net.getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
            assertThat(line.getCell(0).getNumericCellValue()).isEqualTo(1.0);
            assertThat(workbook.getFontAt(sheet.getRow(header).getCell(0).getCellStyle().getFontIndex()).getBold())
                    .isTrue();
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat((int) sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo(header + 1);
            assertThat(sheet.getRow(header + 2).getCell(0).getStringCellValue()).isEqualTo("TOTAL");
            assertThat(sheet.getRow(header + 2).getCell(16).getCellType()).isEqualTo(CellType.NUMERIC);
        }
    }

    @Test
    void theFileCarriesTheDocumentsGenerationTimeNotTheClocks() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(
                new ByteArrayInputStream(reports.xlsx(ReportFixtures.statement(1, 1))))) {
            assertThat(workbook.getProperties().getCoreProperties().getCreated().toInstant())
                    .isEqualTo(Instant.parse("2026-11-08T01:02:03Z"));
        }
    }

    @Test
    void commasQuotesLineBreaksAndChineseSurviveExactly() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "\"Big\" Compute,\nLtd 上海", List.of(
                line(1, "上海算力中心, Inc."), line(2, "say \"hi\", then\r\nleave"), line(3, "=HYPERLINK(\"x\")")));

        ParsedReport parsed = ParsedReport.xlsx(reports.xlsx(document), "Contract");

        assertThat(parsed.metadata()).containsEntry("Organization", "\"Big\" Compute,\nLtd 上海");
        assertThat(parsed.rows()).extracting(row -> parsed.cell(row, "Counterparty"))
                .containsExactly("上海算力中心, Inc.", "say \"hi\", then\r\nleave", "=HYPERLINK(\"x\")");
    }

    @Test
    void anEmptyStatementHasTheHeaderAndAZeroTotalRow() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", List.of());

        ParsedReport parsed = ParsedReport.xlsx(reports.xlsx(document), "Contract");

        assertThat(parsed.rows()).isEmpty();
        assertStatementTable(parsed, document);
    }

    @Test
    void fiveThousandLinesRenderAndReadBack() throws Exception {
        StatementDocument document = ReportFixtures.statement(5_000, 5_000);

        assertStatementTable(ParsedReport.xlsx(reports.xlsx(document), "Contract"), document);
    }

    private static int headerRow(Sheet sheet) {
        for (Row row : sheet) {
            if (row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
                    && row.getCell(0).getStringCellValue().equals("Contract")) {
                return row.getRowNum();
            }
        }
        throw new AssertionError("no header row");
    }
}
