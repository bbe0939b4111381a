package dev.cpx.settlement.statement.report;

import org.apache.poi.openxml4j.opc.internal.PackagePropertiesPart;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Writes a report as an XLSX workbook with one sheet: a title block of metadata, a bold header row frozen
 * under the title, one row per table row and a bold TOTAL row. Amounts are numbers (minor / 100) formatted
 * {@code #,##0.00}, counts and ids are numbers, totals are values rather than formulas so that a reader needs
 * no evaluation. Rows stream through {@link SXSSFWorkbook}, which keeps a window of rows in memory and
 * buffers the rest in a compressed temporary file deleted on close. Every zip entry is dated by the document
 * ({@link FixedZipTimes}), so the same document is the same bytes.
 */
final class XlsxReport {

    private static final int ROWS_IN_MEMORY = 200;

    private XlsxReport() {
    }

    static void write(ReportTable table, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(null, ROWS_IN_MEMORY, true, false)) {
            properties(table, workbook);
            Styles styles = new Styles(workbook);
            Sheet sheet = workbook.createSheet(table.sheetName());
            int rowIndex = writeTitle(table, sheet, styles);
            int headerIndex = rowIndex;
            writeHeader(table.columns(), sheet.createRow(rowIndex++), styles);
            for (List<Cell> cells : table.rows()) {
                writeRow(cells, sheet.createRow(rowIndex++), styles, false);
            }
            writeRow(table.totalRow(), sheet.createRow(rowIndex), styles, true);
            sheet.createFreezePane(0, headerIndex + 1);
            for (int i = 0; i < table.columns().size(); i++) {
                sheet.setColumnWidth(i, table.columns().get(i).xlsxWidthChars() * 256);
            }
            var written = new ByteArrayOutputStream();
            workbook.write(written);
            FixedZipTimes.copy(written.toByteArray(), table.generatedAt(), out);
        }
    }

    /** Title and creation date from the document, so that the file carries no time of its own. */
    private static void properties(ReportTable table, SXSSFWorkbook workbook) {
        PackagePropertiesPart core = workbook.getXSSFWorkbook().getProperties().getCoreProperties()
                .getUnderlyingProperties();
        core.setTitleProperty(table.title());
        core.setCreatorProperty("CPX");
        if (table.generatedAt() != null) {
            core.setCreatedProperty(Optional.of(Date.from(table.generatedAt())));
        }
    }

    /** Writes the title and one row per metadata field, then a blank row; returns the next row index. */
    private static int writeTitle(ReportTable table, Sheet sheet, Styles styles) {
        org.apache.poi.ss.usermodel.Cell title = sheet.createRow(0).createCell(0);
        title.setCellValue(table.title());
        title.setCellStyle(styles.title);
        int rowIndex = 1;
        for (ReportTable.Field field : table.metadata()) {
            Row row = sheet.createRow(rowIndex++);
            org.apache.poi.ss.usermodel.Cell label = row.createCell(0);
            label.setCellValue(field.label());
            label.setCellStyle(styles.bold);
            row.createCell(1).setCellValue(field.value());
        }
        return rowIndex + 1;
    }

    private static void writeHeader(List<Column> columns, Row row, Styles styles) {
        for (int i = 0; i < columns.size(); i++) {
            org.apache.poi.ss.usermodel.Cell cell = row.createCell(i);
            cell.setCellValue(columns.get(i).label());
            cell.setCellStyle(styles.bold);
        }
    }

    private static void writeRow(List<Cell> cells, Row row, Styles styles, boolean total) {
        for (int i = 0; i < cells.size(); i++) {
            Cell value = cells.get(i);
            if (value instanceof Cell.Blank) {
                continue;
            }
            org.apache.poi.ss.usermodel.Cell cell = row.createCell(i);
            switch (value) {
                case Cell.Text text -> {
                    cell.setCellValue(text.value());
                    cell.setCellStyle(total ? styles.bold : null);
                }
                case Cell.Id id -> {
                    cell.setCellValue(id.value());
                    cell.setCellStyle(styles.id);
                }
                case Cell.Count count -> {
                    cell.setCellValue(count.value());
                    cell.setCellStyle(styles.count);
                }
                case Cell.Amount amount -> {
                    cell.setCellValue(BigDecimal.valueOf(amount.minor(), 2).doubleValue());
                    cell.setCellStyle(total ? styles.totalAmount : styles.amount);
                }
                case Cell.Blank blank -> throw new IllegalStateException("blank cells are skipped");
            }
        }
    }

    /** The few cell styles of a report, created once per workbook (a workbook holds at most 64,000). */
    private static final class Styles {
        final CellStyle title;
        final CellStyle bold;
        final CellStyle id;
        final CellStyle count;
        final CellStyle amount;
        final CellStyle totalAmount;

        Styles(Workbook workbook) {
            Font boldFont = workbook.createFont();
            boldFont.setBold(true);
            Font titleFont = workbook.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 14);
            title = workbook.createCellStyle();
            title.setFont(titleFont);
            bold = workbook.createCellStyle();
            bold.setFont(boldFont);
            id = numberStyle(workbook, "0", null);
            count = numberStyle(workbook, "#,##0", null);
            amount = numberStyle(workbook, "#,##0.00", null);
            totalAmount = numberStyle(workbook, "#,##0.00", boldFont);
        }

        private static CellStyle numberStyle(Workbook workbook, String format, Font font) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat(format));
            if (font != null) {
                style.setFont(font);
            }
            return style;
        }
    }
}
