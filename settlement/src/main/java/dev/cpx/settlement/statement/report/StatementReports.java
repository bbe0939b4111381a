package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementDocument;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders an organization's statement and the platform report of a settlement period as CSV, XLSX or PDF.
 * Every format shows the same figures, taken as given from the document (nothing is recomputed), amounts with
 * exactly two decimals. Pure: no clock, no database, output only to the given stream.
 */
@Component
public class StatementReports {

    /** The statement as RFC 4180 CSV in UTF-8. */
    public byte[] csv(StatementDocument document) {
        return bytes(ReportFormat.CSV, StatementLayout.of(document));
    }

    /** The statement as an XLSX workbook with one sheet, "Statement". */
    public byte[] xlsx(StatementDocument document) {
        return bytes(ReportFormat.XLSX, StatementLayout.of(document));
    }

    /** The statement as an A4 landscape PDF. */
    public byte[] pdf(StatementDocument document) {
        return bytes(ReportFormat.PDF, StatementLayout.of(document));
    }

    /**
     * The statement as FinOps FOCUS 1.0 cost and usage rows (CSV), with the nodes allocated to each contract
     * (CPIDs, by contract id) and the marketplace's name as provider and invoice issuer.
     */
    public byte[] focus(StatementDocument document, Map<Long, List<String>> nodesByContract, String platform) {
        return FocusReport.write(document, nodesByContract, platform);
    }

    /** Streams the statement's FOCUS file to {@code out}, which stays open; see {@link #focus}. */
    public void writeFocus(StatementDocument document, Map<Long, List<String>> nodesByContract, String platform,
                           OutputStream out) throws IOException {
        FocusReport.write(document, nodesByContract, platform, out);
    }

    /** A download name such as {@code cpx-focus-42-ACME.csv}. */
    public String focusFileName(StatementDocument document) {
        return "cpx-focus-" + document.periodId() + "-" + safe(document.organizationCode()) + ".csv";
    }

    /** The platform report as RFC 4180 CSV in UTF-8. */
    public byte[] csv(PlatformReport report) {
        return bytes(ReportFormat.CSV, PlatformLayout.of(report));
    }

    /** The platform report as an XLSX workbook with one sheet, "Platform". */
    public byte[] xlsx(PlatformReport report) {
        return bytes(ReportFormat.XLSX, PlatformLayout.of(report));
    }

    /** The platform report as an A4 landscape PDF. */
    public byte[] pdf(PlatformReport report) {
        return bytes(ReportFormat.PDF, PlatformLayout.of(report));
    }

    /** Streams the statement in the format to {@code out}, which stays open. */
    public void write(ReportFormat format, StatementDocument document, OutputStream out) throws IOException {
        write(format, StatementLayout.of(document), out);
    }

    /** Streams the platform report in the format to {@code out}, which stays open. */
    public void write(ReportFormat format, PlatformReport report, OutputStream out) throws IOException {
        write(format, PlatformLayout.of(report), out);
    }

    /** A download name such as {@code cpx-statement-42-ACME.pdf}, in ASCII letters, digits, '-' and '.'. */
    public String fileName(ReportFormat format, StatementDocument document) {
        return "cpx-statement-" + document.periodId() + "-" + safe(document.organizationCode()) + "."
                + format.extension();
    }

    /** A download name such as {@code cpx-platform-42.xlsx}. */
    public String fileName(ReportFormat format, PlatformReport report) {
        return "cpx-platform-" + report.periodId() + "." + format.extension();
    }

    private static String safe(String code) {
        String safe = code == null ? "" : code.replaceAll("[^A-Za-z0-9-]", "_");
        return safe.isEmpty() ? "organization" : safe;
    }

    private static byte[] bytes(ReportFormat format, ReportTable table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(format, table, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void write(ReportFormat format, ReportTable table, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> CsvReport.write(table, out);
            case XLSX -> XlsxReport.write(table, out);
            case PDF -> PdfReport.write(table, out);
        }
    }
}
