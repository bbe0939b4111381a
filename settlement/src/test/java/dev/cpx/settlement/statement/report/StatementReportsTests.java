package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementReportsTests {

    private final StatementReports reports = new StatementReports();

    @Test
    void csvAndXlsxHoldTheSameTableAndTheSameMetadataValues() throws Exception {
        StatementDocument document = ReportFixtures.statement(500, 99);

        ParsedReport csv = ParsedReport.csv(reports.csv(document), "contract_id");
        ParsedReport xlsx = ParsedReport.xlsx(reports.xlsx(document), "Contract");

        assertThat(xlsx.rows()).isEqualTo(csv.rows());
        assertThat(xlsx.totalRow()).isEqualTo(csv.totalRow());
        assertThat(List.copyOf(xlsx.metadata().values())).isEqualTo(List.copyOf(csv.metadata().values()));
    }

    @Test
    void everyXlsxEntryIsDatedByTheDocumentNotByTheMomentOfWriting() throws Exception {
        byte[] xlsx = reports.xlsx(ReportFixtures.statement(50, 8));
        // The zip writer dates each entry with the moment of writing unless told otherwise: every entry must carry
        // the document's time, so that a download tomorrow is the same file.
        var expected = java.time.LocalDateTime.ofInstant(ReportFixtures.GENERATED_AT, java.time.ZoneOffset.UTC)
                .withNano(0).withSecond(ReportFixtures.GENERATED_AT.atZone(java.time.ZoneOffset.UTC).getSecond() / 2 * 2);
        int entries = 0;
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                assertThat(entry.getTimeLocal()).as(entry.getName()).isEqualTo(expected);
                entries++;
            }
        }
        assertThat(entries).isGreaterThan(3);
    }

    @Test
    void writingToAStreamGivesTheSameCsv() throws Exception {
        StatementDocument document = ReportFixtures.statement(20, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        reports.write(ReportFormat.CSV, document, out);

        assertThat(out.toByteArray()).isEqualTo(reports.csv(document));
    }

    @Test
    void theCallersStreamStaysOpenInEveryFormat() throws Exception {
        for (ReportFormat format : ReportFormat.values()) {
            ClosingAware out = new ClosingAware();

            reports.write(format, ReportFixtures.statement(3, 2), out);
            reports.write(format, ReportFixtures.platform(3, 2), out);

            assertThat(out.closed).as(format.name()).isFalse();
            assertThat(out.size()).isPositive();
        }
    }

    @Test
    void everyFormatStartsWithItsSignature() throws Exception {
        StatementDocument document = ReportFixtures.statement(2, 4);
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();

        reports.write(ReportFormat.XLSX, document, xlsx);
        reports.write(ReportFormat.PDF, ReportFixtures.platform(3, 1), pdf);

        assertThat(new String(xlsx.toByteArray(), 0, 2)).isEqualTo("PK");
        assertThat(new String(pdf.toByteArray(), 0, 5)).isEqualTo("%PDF-");
        assertThat(new String(reports.csv(document), 0, 17)).isEqualTo("report,statement\r");
    }

    @Test
    void theSameDocumentRendersToTheSameBytesInEveryFormat() {
        StatementDocument document = ReportFixtures.statement(30, 8);

        assertThat(reports.csv(document)).isEqualTo(reports.csv(document));
        assertThat(reports.xlsx(document)).isEqualTo(reports.xlsx(document));
        assertThat(reports.pdf(document)).isEqualTo(reports.pdf(document));
        assertThat(reports.pdf(ReportFixtures.platform(5, 1))).isEqualTo(reports.pdf(ReportFixtures.platform(5, 1)));
    }

    @Test
    void fileNamesKeepToSafeCharacters() {
        StatementDocument document = ReportFixtures.statement("ac/me 上海", "Acme", List.of());

        assertThat(reports.fileName(ReportFormat.PDF, document)).isEqualTo("cpx-statement-42-ac_me___.pdf");
        assertThat(reports.fileName(ReportFormat.XLSX, ReportFixtures.platform(List.of())))
                .isEqualTo("cpx-platform-42.xlsx");
        assertThat(ReportFormat.XLSX.mediaType()).startsWith("application/vnd.openxmlformats");
    }

    @Test
    void aStatementAboveTheRowLimitIsRefusedBeforeRendering() {
        StatementLine line = ReportFixtures.lines(1, new Random(1)).getFirst();
        List<StatementLine> lines = Collections.nCopies(ReportTable.MAX_ROWS + 1, line);
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", lines);

        assertThatThrownBy(() -> reports.pdf(document)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100000 rows");
    }

    @Test
    void aDocumentWithoutLinesOrTotalsIsABug() {
        StatementDocument noTotals = new StatementDocument(1, null, null, null, "A", "A", "USD", List.of(), null,
                null, null);

        assertThatThrownBy(() -> reports.csv(noTotals)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("statement totals");
    }

    private static final class ClosingAware extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
