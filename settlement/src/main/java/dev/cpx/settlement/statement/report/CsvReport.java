package dev.cpx.settlement.statement.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report as RFC 4180 CSV in UTF-8 (no byte order mark, CRLF line ends): metadata rows of
 * {@code name,value}, then the header row of column names, one row per table row, and the TOTAL row.
 */
final class CsvReport {

    /** Spreadsheets run text starting with one of these as a formula; such text gets a leading apostrophe. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvReport() {
    }

    static void write(ReportTable table, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        for (ReportTable.Field field : table.metadata()) {
            printer.printRecord(field.name(), guarded(field.value()));
        }
        printer.printRecord(table.columns().stream().map(Column::name).toList());
        for (List<Cell> row : table.rows()) {
            printer.printRecord(texts(row));
        }
        printer.printRecord(texts(table.totalRow()));
        printer.flush();
    }

    private static List<String> texts(List<Cell> row) {
        List<String> texts = new ArrayList<>(row.size());
        for (Cell cell : row) {
            texts.add(cell instanceof Cell.Text text ? guarded(text.value()) : cell.text());
        }
        return texts;
    }

    /** Keeps a counterparty named "=HYPERLINK(...)" from becoming a formula when the file is opened. */
    static String guarded(String text) {
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
