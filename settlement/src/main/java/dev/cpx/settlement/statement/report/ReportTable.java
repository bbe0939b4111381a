package dev.cpx.settlement.statement.report;

import java.time.Instant;
import java.util.List;

/**
 * A report as the formats see it: a title, metadata fields, a table of typed cells closed by a total row, and
 * the totals as labelled figures. Built once per document by {@link StatementLayout} or {@link PlatformLayout},
 * so that CSV, XLSX and PDF cannot show different figures.
 *
 * @param kind       "statement" or "platform", the value of the first CSV metadata row
 * @param title      the heading of the XLSX sheet and of every PDF page
 * @param sheetName  the XLSX sheet name
 * @param metadata   period, organization, status, currency, content hash and generation time
 * @param rows       one per statement line or organization, each with one cell per column
 * @param totalRow   the last row, labelled TOTAL in the first column
 * @param totals     the totals as label and amount, shown as a block under the PDF table
 * @param generatedAt when the document was generated, also the creation date in the file properties; may be null
 * @param banner      a warning shown under the title of every PDF page, such as the PRELIMINARY mark; null for none
 */
record ReportTable(String kind, String title, String sheetName, List<Field> metadata, List<Column> columns,
                   List<List<Cell>> rows, List<Cell> totalRow, List<Total> totals, Instant generatedAt,
                   String banner) {

    /** Label of the first cell of the total row. */
    static final String TOTAL = "TOTAL";

    /**
     * Most rows one report renders: 100,000 lines make a PDF of about 2,500 pages and an XLSX of about 9 MB.
     * A statement above it is a bug or needs splitting, not a slower report.
     */
    static final int MAX_ROWS = 100_000;

    ReportTable {
        metadata = List.copyOf(metadata);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        totalRow = List.copyOf(totalRow);
        totals = List.copyOf(totals);
        if (rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a report has at most " + MAX_ROWS + " rows, this one " + rows.size());
        }
        if (totalRow.size() != columns.size()) {
            throw new IllegalArgumentException("the total row has " + totalRow.size() + " cells for "
                    + columns.size() + " columns");
        }
        for (List<Cell> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " cells for " + columns.size()
                        + " columns");
            }
        }
    }

    /** A metadata field: machine name (CSV), label (XLSX, PDF) and text value. */
    record Field(String name, String label, String value) {
        Field {
            value = value == null ? "" : value;
        }
    }

    /** A total shown in the PDF totals block. */
    record Total(String label, long amountMinor) {
    }
}
