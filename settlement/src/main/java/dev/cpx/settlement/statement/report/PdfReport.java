package dev.cpx.settlement.statement.report;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes a report as an A4 landscape PDF: text in the embedded WenQuanYi Micro Hei ({@link PdfFonts}), labels
 * and figures of the total row in Helvetica Bold. On every page the title, the PRELIMINARY banner while the
 * period is open, and the metadata, then the table with its header repeated; text wider than its column wraps
 * (up to three lines); a column marked below is written under its row across the table; after the last row the
 * TOTAL row and a block of the totals; "page x of y" at the foot of every page. Columns with no PDF width are
 * left out of the table (their figures are in the block).
 */
final class PdfReport {

    static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN_PT = 36;
    private static final float FOOTER_PT = 24;
    private static final float TABLE_SIZE_PT = 7;
    private static final float NOTE_SIZE_PT = 6;
    private static final float ROW_PT = 10;
    private static final float NOTE_ROW_PT = 8;
    private static final int MAX_CELL_LINES = 3;
    private static final float META_SIZE_PT = 8;
    private static final float META_ROW_PT = 11;
    private static final float TITLE_SIZE_PT = 13;
    private static final float CELL_PAD_PT = 3;

    private final ReportTable table;
    private final PDDocument pdf;
    private final PDFont regular;
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PdfText text;
    private final PdfText boldText = new PdfText(bold);
    private final List<Column> columns;
    private final float tableWidth;
    private PDPageContentStream page;
    private float y;

    private PdfReport(ReportTable table, PDDocument pdf) throws IOException {
        this.table = table;
        this.pdf = pdf;
        this.regular = PdfFonts.text(pdf);
        this.text = new PdfText(regular);
        this.columns = table.columns().stream().filter(Column::inPdfTable).toList();
        this.tableWidth = (float) columns.stream().mapToDouble(Column::pdfWidthPt).sum();
        if (tableWidth > PAGE.getWidth() - 2 * MARGIN_PT) {
            throw new IllegalStateException("the " + table.kind() + " table is " + tableWidth + " pt wide, wider"
                    + " than the page");
        }
    }

    static void write(ReportTable table, OutputStream out) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            information(table, pdf);
            new PdfReport(table, pdf).render();
            pdf.save(out);
        }
    }

    /**
     * Title, creation date and file id from the document, so that the file carries no time of its own and the
     * same document renders to the same bytes.
     */
    private static void information(ReportTable table, PDDocument pdf) {
        COSString id = new COSString(fileId(table));
        COSArray ids = new COSArray();
        ids.add(id);
        ids.add(id);
        pdf.getDocument().setDocumentID(ids);
        PDDocumentInformation information = pdf.getDocumentInformation();
        information.setTitle(table.title());
        information.setCreator("CPX");
        if (table.generatedAt() != null) {
            information.setCreationDate(GregorianCalendar.from(table.generatedAt().atZone(ZoneOffset.UTC)));
        }
    }

    /** The first 16 bytes of a SHA-256 over the report kind and its metadata (which hold the content hash). */
    private static byte[] fileId(ReportTable table) {
        StringBuilder source = new StringBuilder(table.kind());
        table.metadata().forEach(field -> source.append('\n').append(field.name()).append('=').append(field.value()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.toString().getBytes(UTF_8));
            return Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void render() throws IOException {
        startPage();
        for (List<Cell> row : table.rows()) {
            Layout layout = layout(row, text, regular);
            if (y - layout.heightPt() < MARGIN_PT + FOOTER_PT) {
                startPage();
            }
            drawRow(row, layout, regular);
        }
        Layout totals = layout(table.totalRow(), boldText, bold);
        if (y - totals.heightPt() < MARGIN_PT + FOOTER_PT) {
            startPage();
        }
        rule(y - 3);
        drawRow(table.totalRow(), totals, bold);
        drawTotals();
        page.close();
        numberPages();
    }

    private void startPage() throws IOException {
        if (page != null) {
            page.close();
        }
        PDPage next = new PDPage(PAGE);
        pdf.addPage(next);
        page = new PDPageContentStream(pdf, next);
        y = PAGE.getHeight() - MARGIN_PT - TITLE_SIZE_PT;
        show(bold, TITLE_SIZE_PT, MARGIN_PT, y, boldText.sanitize(table.title()));
        if (table.banner() != null) {
            y -= META_ROW_PT + 2;
            show(bold, META_SIZE_PT + 1, MARGIN_PT, y, boldText.sanitize(table.banner()));
        }
        y -= 6;
        drawMetadata();
        y -= 6;
        drawHeader();
    }

    /** The metadata in two columns, "Label: value", skipping the report kind. */
    private void drawMetadata() throws IOException {
        float half = (PAGE.getWidth() - 2 * MARGIN_PT) / 2;
        List<ReportTable.Field> fields = table.metadata().stream().filter(f -> !f.name().equals("report")).toList();
        for (int i = 0; i < fields.size(); i++) {
            if (i % 2 == 0) {
                y -= META_ROW_PT;
            }
            ReportTable.Field field = fields.get(i);
            float x = MARGIN_PT + (i % 2) * half;
            String label = field.label() + ": ";
            show(bold, META_SIZE_PT, x, y, label);
            float labelWidth = PdfText.width(bold, label, META_SIZE_PT);
            show(regular, META_SIZE_PT, x + labelWidth, y,
                    text.fit(field.value(), regular, META_SIZE_PT, half - labelWidth - CELL_PAD_PT));
        }
    }

    /**
     * Header labels wrap within their column, so every label is whole; each line of labels is drawn across the
     * table before the next, so that text extraction reads the header line by line.
     */
    private void drawHeader() throws IOException {
        var labels = new ArrayList<List<String>>();
        int lines = 1;
        for (Column column : columns) {
            List<String> wrapped = boldText.wrap(column.label(), bold, TABLE_SIZE_PT,
                    column.pdfWidthPt() - 2 * CELL_PAD_PT, MAX_CELL_LINES);
            labels.add(wrapped);
            lines = Math.max(lines, wrapped.size());
        }
        for (int line = 0; line < lines; line++) {
            y -= ROW_PT;
            float x = MARGIN_PT;
            for (int i = 0; i < columns.size(); i++) {
                List<String> wrapped = labels.get(i);
                int index = line - (lines - wrapped.size());
                if (index >= 0) {
                    show(bold, TABLE_SIZE_PT, cellX(columns.get(i), x, wrapped.get(index), bold, TABLE_SIZE_PT), y,
                            wrapped.get(index));
                }
                x += columns.get(i).pdfWidthPt();
            }
        }
        rule(y - 3);
    }

    /** A row's text cells wrapped to their columns, its notes wrapped to the table, and the height they take. */
    private record Layout(Map<Integer, List<String>> cells, List<String> notes, int lines, float heightPt) {
    }

    private Layout layout(List<Cell> row, PdfText sanitizer, PDFont font) throws IOException {
        var cells = new HashMap<Integer, List<String>>();
        var notes = new ArrayList<String>();
        int lines = 1;
        for (int i = 0; i < row.size(); i++) {
            Column column = table.columns().get(i);
            if (!(row.get(i) instanceof Cell.Text value) || value.value().isBlank()) {
                continue;
            }
            if (column.pdfBelow()) {
                notes.addAll(text.wrap(value.value(), regular, NOTE_SIZE_PT, tableWidth - 2 * CELL_PAD_PT,
                        MAX_CELL_LINES));
            } else if (column.inPdfTable()) {
                List<String> wrapped = sanitizer.wrap(value.value(), font, TABLE_SIZE_PT,
                        column.pdfWidthPt() - 2 * CELL_PAD_PT, MAX_CELL_LINES);
                cells.put(i, wrapped);
                lines = Math.max(lines, wrapped.size());
            }
        }
        return new Layout(cells, notes, lines, lines * ROW_PT + notes.size() * NOTE_ROW_PT);
    }

    /** Draws a row line by line across the table (figures on its first line), then its notes under it. */
    private void drawRow(List<Cell> row, Layout layout, PDFont font) throws IOException {
        for (int line = 0; line < layout.lines(); line++) {
            y -= ROW_PT;
            float x = MARGIN_PT;
            for (int i = 0; i < row.size(); i++) {
                Column column = table.columns().get(i);
                if (!column.inPdfTable()) {
                    continue;
                }
                Cell cell = row.get(i);
                List<String> wrapped = layout.cells().get(i);
                if (wrapped != null && line < wrapped.size()) {
                    show(font, TABLE_SIZE_PT, cellX(column, x, wrapped.get(line), font, TABLE_SIZE_PT), y,
                            wrapped.get(line));
                } else if (line == 0 && !(cell instanceof Cell.Blank) && !(cell instanceof Cell.Text)) {
                    showShrunk(font, column, x, cell.text());
                }
                x += column.pdfWidthPt();
            }
        }
        for (String note : layout.notes()) {
            y -= NOTE_ROW_PT;
            show(regular, NOTE_SIZE_PT, MARGIN_PT + CELL_PAD_PT + 8, y + 1, note);
        }
    }

    /** Figures are never cut: when one is wider than its column, it is set in a smaller size. */
    private void showShrunk(PDFont font, Column column, float x, String value) throws IOException {
        float room = column.pdfWidthPt() - 2 * CELL_PAD_PT;
        float width = PdfText.width(font, value, TABLE_SIZE_PT);
        float sizePt = width > room ? TABLE_SIZE_PT * room / width : TABLE_SIZE_PT;
        show(font, sizePt, cellX(column, x, value, font, sizePt), y, value);
    }

    /** The totals as "Label amount" lines, on a new page when they do not fit. */
    private void drawTotals() throws IOException {
        float needed = (table.totals().size() + 1) * META_ROW_PT;
        if (y - needed < MARGIN_PT + FOOTER_PT) {
            startPage();
        }
        y -= META_ROW_PT / 2;
        float labelX = MARGIN_PT;
        float amountRight = MARGIN_PT + 200;
        for (ReportTable.Total total : table.totals()) {
            y -= META_ROW_PT;
            show(bold, META_SIZE_PT, labelX, y, boldText.sanitize(total.label()));
            String amount = new Cell.Amount(total.amountMinor()).text();
            show(regular, META_SIZE_PT, amountRight - PdfText.width(regular, amount, META_SIZE_PT), y, amount);
        }
    }

    private void numberPages() throws IOException {
        int count = pdf.getNumberOfPages();
        for (int i = 0; i < count; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pdf.getPage(i), AppendMode.APPEND,
                    true, true)) {
                String number = "page " + (i + 1) + " of " + count;
                float x = PAGE.getWidth() - MARGIN_PT - PdfText.width(regular, number, META_SIZE_PT);
                write(footer, regular, META_SIZE_PT, x, MARGIN_PT, number);
            }
        }
    }

    private static float cellX(Column column, float x, String value, PDFont font, float sizePt) throws IOException {
        if (!column.numeric()) {
            return x + CELL_PAD_PT;
        }
        return x + column.pdfWidthPt() - CELL_PAD_PT - PdfText.width(font, value, sizePt);
    }

    private void rule(float atY) throws IOException {
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN_PT, atY);
        page.lineTo(MARGIN_PT + tableWidth, atY);
        page.stroke();
    }

    private void show(PDFont font, float sizePt, float x, float atY, String value) throws IOException {
        write(page, font, sizePt, x, atY, value);
    }

    private static void write(PDPageContentStream stream, PDFont font, float sizePt, float x, float y,
                              String value) throws IOException {
        stream.beginText();
        stream.setFont(font, sizePt);
        stream.newLineAtOffset(x, y);
        stream.showText(value);
        stream.endText();
    }
}
