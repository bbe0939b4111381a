package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import dev.cpx.settlement.rating.Coverage;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cpx.settlement.statement.report.ReportAssertions.assertPdfTotals;
import static dev.cpx.settlement.statement.report.StatementCsvReportTests.line;
import static org.assertj.core.api.Assertions.assertThat;

class StatementPdfReportTests {

    private static final String HEADER = "Contract Instrument Role Counterparty GPUs";

    private final StatementReports reports = new StatementReports();

    @Test
    void theTotalsAndEveryLinesNetReadBackToTheCent() throws Exception {
        StatementDocument document = ReportFixtures.statement(300, 7);

        String text = ParsedReport.pdfText(reports.pdf(document));

        assertPdfTotals(text, document.totals());
        assertThat(lineNets(text)).isEqualTo(expectedNets(document.lines()));
    }

    @Test
    void everyPageHasTheHeaderTheTableHeaderAndItsNumber() throws Exception {
        StatementDocument document = ReportFixtures.statement(5_000, 5_000);

        byte[] pdf = reports.pdf(document);
        String text = ParsedReport.pdfText(pdf);
        int pages = ParsedReport.pdfPages(pdf);

        assertThat(pages).isGreaterThan(1);
        assertThat(count(text, "(?m)^CPX settlement statement$")).isEqualTo(pages);
        assertThat(count(text, "(?m)^" + HEADER)).isEqualTo(pages);
        assertThat(count(text, "Content hash: " + ReportFixtures.HASH)).isEqualTo(pages);
        for (int page = 1; page <= pages; page++) {
            assertThat(text).contains("page " + page + " of " + pages);
        }
        assertThat(lineNets(text)).isEqualTo(expectedNets(document.lines()));
        assertPdfTotals(text, document.totals());
    }

    @Test
    void theTotalRowUnderTheTableShowsSlaCreditsFeesAndNet() throws Exception {
        StatementDocument document = ReportFixtures.statement(40, 3);

        String text = ParsedReport.pdfText(reports.pdf(document));

        assertThat(text).containsPattern("(?m)^TOTAL " + Money.format(document.totals().slaCreditsMinor()) + " "
                + Money.format(document.totals().feesMinor()) + " " + Money.format(document.totals().adjustmentsMinor())
                + " " + Money.format(document.totals().netMinor()) + "$");
    }

    @Test
    void figuresWiderThanTheirColumnAreSetSmallerNeverCut() throws Exception {
        StatementLine huge = new StatementLine(7, StatementLine.Kind.CONTRACT, "H100-SXM-80G.CN-EAST.2026-11-01T05",
                StatementLine.Role.BUYER, "Acme", 64, 99_999_999_99L, 99_999_999_999L, 99_999_999_999L,
                99_999_999_999L, 99_999_999_999L, 99_999_999_999_99L, 90_000_000_000_00L, 9_999_999_999_99L,
                99_999_999_999_99L, 0, -189_999_999_999_99L, Coverage.BOTH, 0, 0, "");
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", List.of(huge));

        String text = ParsedReport.pdfText(reports.pdf(document));

        assertThat(text).contains("99999999999 99999999999 99999999999 99999999999 99999999999.99 90000000000.00 "
                + "9999999999.99 99999999999.99 -189999999999.99");
        assertThat(lineNets(text)).containsEntry(7L, "-189999999999.99");
        assertPdfTotals(text, document.totals());
    }

    @Test
    void pagesAreA4Landscape() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(reports.pdf(ReportFixtures.statement(1, 1)))) {
            PDRectangle box = pdf.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isEqualTo(PDRectangle.A4.getHeight());
            assertThat(box.getHeight()).isEqualTo(PDRectangle.A4.getWidth());
        }
    }

    @Test
    void chineseNamesPrintWithTheEmbeddedFontAndOnlyGlyphsItLacksBecomeQuestionMarks() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", ReportFixtures.TRICKY_NAME, List.of(
                line(1, "Ωmega 🚀\nLabs\t\u0000"), line(2, "Zürich € GmbH"), line(3, "北京智算")));

        byte[] pdf = reports.pdf(document);
        String text = ParsedReport.pdfText(pdf);

        assertThat(text).contains("Organization: 上海算力中心, Inc.").contains("Zürich € GmbH")
                .contains("Ωmega ? Labs").contains("北京智算");
        assertPdfTotals(text, document.totals());
        try (PDDocument loaded = Loader.loadPDF(pdf)) {
            assertThat(loaded.getPage(0).getResources().getFontNames()).anySatisfy(name -> assertThat(
                    loaded.getPage(0).getResources().getFont(name).getName()).endsWith("WenQuanYiMicroHei"));
            assertThat(loaded.getPage(0).getResources().getFontNames()).allSatisfy(name -> {
                var font = loaded.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded() || font.getName().startsWith("Helvetica")).as(font.getName()).isTrue();
            });
        }
    }

    @Test
    void theInstrumentIsWrappedNotCutSoItsDeliveryHourShows() throws Exception {
        StatementDocument document = ReportFixtures.statement(1, 1);

        String text = ParsedReport.pdfText(reports.pdf(document));

        assertThat(document.lines().getFirst().instrument()).isEqualTo("H100-SXM-80G.CN-EAST.2026-11-01T05");
        assertThat(text).containsPattern("(?m)^1000 H100-SXM-80G\\.CN-EAST\\. .*\\R2026-11-01T05\\b");
    }

    @Test
    void anEmptyStatementRendersItsHeaderAndZeroTotals() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", List.of());

        byte[] pdf = reports.pdf(document);
        String text = ParsedReport.pdfText(pdf);

        assertThat(ParsedReport.pdfPages(pdf)).isEqualTo(1);
        assertThat(text).contains(HEADER).contains("page 1 of 1");
        assertThat(lineNets(text)).isEmpty();
        assertPdfTotals(text, document.totals());
    }

    @Test
    void theFileCarriesTheDocumentsGenerationTime() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(reports.pdf(ReportFixtures.statement(1, 1)))) {
            assertThat(pdf.getDocumentInformation().getCreationDate().toInstant())
                    .isEqualTo(ReportFixtures.GENERATED_AT.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    /** Contract id (first word of a table line) to net (its last word). */
    static Map<Long, String> lineNets(String text) {
        Pattern row = Pattern.compile("^(\\d+) .* (-?\\d+\\.\\d{2})$");
        Map<Long, String> nets = new HashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = row.matcher(line);
            if (m.matches() && nets.put(Long.parseLong(m.group(1)), m.group(2)) != null) {
                throw new AssertionError("contract " + m.group(1) + " twice");
            }
        }
        return nets;
    }

    private static Map<Long, String> expectedNets(List<StatementLine> lines) {
        Map<Long, String> nets = new HashMap<>();
        lines.forEach(l -> nets.put(l.contractId(), Money.format(l.netMinor())));
        return nets;
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }
}
