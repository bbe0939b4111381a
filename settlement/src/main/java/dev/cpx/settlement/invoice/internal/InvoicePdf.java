package dev.cpx.settlement.invoice.internal;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.invoice.InvoiceKind;
import dev.cpx.settlement.invoice.InvoicePlan;
import dev.cpx.settlement.invoice.InvoiceView;
import dev.cpx.settlement.statement.Statements;
import dev.cpx.settlement.statement.report.PdfFonts;
import dev.cpx.settlement.statement.report.PdfText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.List;
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

/**
 * An invoice or credit note as an A4 portrait PDF: the parties with addresses and tax ids, the document's number,
 * dates and PO reference, its lines, subtotal, tax and total, the reverse-charge and self-billing notes, payment
 * terms, and the settlement period, run and statement hash it comes from. Names print in the embedded text font
 * (CJK included); the file's id and date come from the document, so it renders to the same bytes every time.
 */
public final class InvoicePdf {

    private static final float MARGIN_PT = 48;
    private static final float FOOTER_PT = 28;
    private static final float TITLE_SIZE_PT = 18;
    private static final float TEXT_SIZE_PT = 9;
    private static final float SMALL_SIZE_PT = 7.5f;
    private static final float ROW_PT = 12;
    private static final float PAD_PT = 3;
    private static final int MAX_WRAP_LINES = 3;
    private static final float[] COLUMN_PT = {135, 165, 75, 60, 64};
    private static final String[] COLUMN_LABELS = {"Description", "Instrument", "Project", "GPU-hours", "Amount"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final InvoiceView invoice;
    private final PDDocument pdf;
    private final PDFont regular;
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PdfText text;
    private final PdfText boldText = new PdfText(bold);
    private final float width = PDRectangle.A4.getWidth() - 2 * MARGIN_PT;
    private PDPageContentStream page;
    private float y;

    private InvoicePdf(InvoiceView invoice, PDDocument pdf) throws IOException {
        this.invoice = invoice;
        this.pdf = pdf;
        this.regular = PdfFonts.text(pdf);
        this.text = new PdfText(regular);
    }

    public static byte[] render(InvoiceView invoice) {
        try (PDDocument pdf = new PDDocument(); var out = new ByteArrayOutputStream()) {
            information(invoice, pdf);
            new InvoicePdf(invoice, pdf).write();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering invoice " + invoice.invoiceNumber(), e);
        }
    }

    /** The document's title for people: "Invoice", "Credit note", self-billed or not. */
    public static String title(InvoiceView invoice) {
        String kind = invoice.kind() == InvoiceKind.INVOICE ? "Invoice" : "Credit note";
        return invoice.selfBilled() ? "Self-billed " + kind.toLowerCase(java.util.Locale.ROOT) : kind;
    }

    private static void information(InvoiceView invoice, PDDocument pdf) {
        byte[] digest = HexFormat.of().parseHex(Statements.sha256(invoice.invoiceNumber() + "\n"
                + invoice.statementHash()));
        COSString id = new COSString(Arrays.copyOf(digest, 16));
        COSArray ids = new COSArray();
        ids.add(id);
        ids.add(id);
        pdf.getDocument().setDocumentID(ids);
        PDDocumentInformation information = pdf.getDocumentInformation();
        information.setTitle(title(invoice) + " " + invoice.invoiceNumber());
        information.setCreator("CPX");
        information.setCreationDate(GregorianCalendar.from(invoice.issueDate().atStartOfDay(ZoneOffset.UTC)));
    }

    private void write() throws IOException {
        newPage();
        show(bold, TITLE_SIZE_PT, MARGIN_PT, y, boldText.sanitize(title(invoice).toUpperCase(java.util.Locale.ROOT)));
        String number = boldText.sanitize(invoice.invoiceNumber());
        show(bold, 12, MARGIN_PT + width - PdfText.width(bold, number, 12), y, number);
        y -= 2 * ROW_PT;
        parties();
        y -= ROW_PT;
        facts();
        y -= ROW_PT;
        lines();
        totals();
        notes();
        page.close();
        footers();
    }

    private void parties() throws IOException {
        float half = width / 2;
        List<String> issuer = party(invoice.issuer());
        List<String> recipient = party(invoice.recipient());
        show(bold, TEXT_SIZE_PT, MARGIN_PT, y, invoice.selfBilled() ? "Supplier (self-billed)" : "From");
        show(bold, TEXT_SIZE_PT, MARGIN_PT + half, y, invoice.selfBilled() ? "Customer (issued by)" : "Bill to");
        for (int i = 0; i < Math.max(issuer.size(), recipient.size()); i++) {
            y -= ROW_PT;
            if (i < issuer.size()) {
                show(regular, TEXT_SIZE_PT, MARGIN_PT, y, text.fit(issuer.get(i), regular, TEXT_SIZE_PT, half - 8));
            }
            if (i < recipient.size()) {
                show(regular, TEXT_SIZE_PT, MARGIN_PT + half, y,
                        text.fit(recipient.get(i), regular, TEXT_SIZE_PT, half - 8));
            }
        }
    }

    private static List<String> party(InvoiceView.Party party) {
        var lines = new ArrayList<String>();
        lines.add(party.legalName());
        if (!party.address().isBlank()) {
            lines.addAll(Arrays.asList(party.address().split("\n")));
        }
        lines.add("Tax ID: " + (party.taxId().isBlank() ? "none given" : party.taxId()));
        lines.add("CPX organization: " + party.code());
        return lines;
    }

    private void facts() throws IOException {
        var facts = new ArrayList<String[]>();
        facts.add(new String[] {"Number", invoice.invoiceNumber()});
        facts.add(new String[] {"Issue date", invoice.issueDate().format(DAY)});
        facts.add(new String[] {"Due date", invoice.dueDate().format(DAY)});
        facts.add(new String[] {"PO reference", invoice.poReference() == null ? "none" : invoice.poReference()});
        if (invoice.references() != null) {
            facts.add(new String[] {invoice.kind() == InvoiceKind.CREDIT_NOTE ? "Credits invoice" : "Refers to invoice",
                    invoice.references()});
        }
        facts.add(new String[] {"Settlement period", "#" + invoice.periodId() + ", " + TIME.format(invoice.periodStart())
                + " to " + TIME.format(invoice.periodEnd()) + " UTC"});
        facts.add(new String[] {"Settlement run", invoice.run() + " (" + invoice.runKind() + ")"});
        facts.add(new String[] {"Statement", invoice.organization() + ", content hash " + invoice.statementHash()});
        facts.add(new String[] {"Currency", invoice.currency()});
        for (String[] fact : facts) {
            y -= ROW_PT;
            show(bold, TEXT_SIZE_PT, MARGIN_PT, y, fact[0]);
            show(regular, fact[0].equals("Statement") ? SMALL_SIZE_PT : TEXT_SIZE_PT, MARGIN_PT + 95, y,
                    text.fit(fact[1], regular, TEXT_SIZE_PT, width - 95));
        }
    }

    private void lines() throws IOException {
        header();
        for (InvoicePlan.Line line : invoice.lines()) {
            String[] cells = {line.description(), line.instrument() == null ? "" : line.instrument(),
                    line.project() == null ? "" : line.project(), gpuHours(line.gpuSeconds()),
                    Money.format(line.amountMinor())};
            var wrapped = new ArrayList<List<String>>();
            int rows = 1;
            for (int i = 0; i < 3; i++) {
                wrapped.add(text.wrap(cells[i], regular, TEXT_SIZE_PT, COLUMN_PT[i] - 2 * PAD_PT, MAX_WRAP_LINES));
                rows = Math.max(rows, wrapped.get(i).size());
            }
            if (y - rows * ROW_PT < MARGIN_PT + FOOTER_PT) {
                page.close();
                newPage();
                header();
            }
            for (int row = 0; row < rows; row++) {
                y -= ROW_PT;
                float x = MARGIN_PT;
                for (int i = 0; i < COLUMN_PT.length; i++) {
                    if (i < 3 && row < wrapped.get(i).size()) {
                        show(regular, TEXT_SIZE_PT, x + PAD_PT, y, wrapped.get(i).get(row));
                    } else if (i >= 3 && row == 0) {
                        right(regular, TEXT_SIZE_PT, x + COLUMN_PT[i] - PAD_PT, cells[i]);
                    }
                    x += COLUMN_PT[i];
                }
            }
        }
        rule(y - 4);
    }

    private void header() throws IOException {
        y -= ROW_PT;
        float x = MARGIN_PT;
        for (int i = 0; i < COLUMN_PT.length; i++) {
            String label = COLUMN_LABELS[i];
            if (i >= 3) {
                right(bold, TEXT_SIZE_PT, x + COLUMN_PT[i] - PAD_PT, boldText.sanitize(label));
            } else {
                show(bold, TEXT_SIZE_PT, x + PAD_PT, y, boldText.sanitize(label));
            }
            x += COLUMN_PT[i];
        }
        rule(y - 4);
        y -= 3;
    }

    private void totals() throws IOException {
        needs(4 * ROW_PT);
        y -= 4;
        float right = MARGIN_PT + width - PAD_PT;
        float labelX = MARGIN_PT + width - 220;
        String[][] rows = {{"Subtotal", Money.format(invoice.subtotalMinor())},
                {"Tax " + Money.format(invoice.taxRateBasisPoints()) + "%", Money.format(invoice.taxMinor())},
                {"Total " + invoice.currency(), Money.format(invoice.totalMinor())}};
        for (String[] row : rows) {
            y -= ROW_PT;
            PDFont font = row[0].startsWith("Total") ? bold : regular;
            show(bold, TEXT_SIZE_PT, labelX, y, row[0]);
            right(font, TEXT_SIZE_PT, right, row[1]);
        }
    }

    private void notes() throws IOException {
        var notes = new ArrayList<String>();
        if (invoice.reverseCharge()) {
            notes.add("Reverse charge: no tax is charged on this document; the recipient accounts for the VAT/GST "
                    + "due on the supply.");
        }
        if (invoice.selfBilled()) {
            notes.add("Self-billing: issued by the customer, " + invoice.recipient().legalName() + ", on behalf of the "
                    + "supplier, " + invoice.issuer().legalName() + ", under the self-billing agreement of the CPX "
                    + "terms, and numbered in the supplier's own series.");
        }
        notes.add("Payment terms: " + terms() + " Due by " + invoice.dueDate().format(DAY) + ".");
        notes.add("The figures are those of the statement of " + invoice.organization() + " in run " + invoice.run()
                + " of settlement period " + invoice.periodId() + "; its canonical form hashes (SHA-256) to the "
                + "content hash above.");
        y -= ROW_PT;
        for (String note : notes) {
            List<String> wrapped = text.wrap(note, regular, SMALL_SIZE_PT, width, 6);
            needs(wrapped.size() * 10 + 4);
            y -= 4;
            for (String line : wrapped) {
                y -= 10;
                show(regular, SMALL_SIZE_PT, MARGIN_PT, y, line);
            }
        }
    }

    private String terms() {
        boolean credit = invoice.kind() == InvoiceKind.CREDIT_NOTE;
        return switch (invoice.purpose()) {
            case BUYER_COMPUTE -> "paid from the buyer's CPX wallet when the contracts were traded; nothing further "
                    + "is due.";
            case BUYER_SLA_CREDIT -> "credited to the buyer's CPX wallet at the close of the period.";
            case BUYER_ADJUSTMENT -> credit ? "credited to the buyer's CPX wallet when the dispute was decided."
                    : "debited from the buyer's CPX wallet when the dispute was decided.";
            case PROVIDER_SUPPLY -> "paid by CPX in the period's payout, net of the platform fee invoice.";
            case PROVIDER_FEES -> "deducted from the provider's payout of the period.";
            case PROVIDER_ADJUSTMENT -> "settled with the provider's payout when the dispute was decided.";
        };
    }

    private static String gpuHours(long gpuSeconds) {
        return gpuSeconds == 0 ? "" : BigDecimal.valueOf(gpuSeconds).divide(BigDecimal.valueOf(3600), 2,
                RoundingMode.HALF_UP).toPlainString();
    }

    private void needs(float heightPt) throws IOException {
        if (y - heightPt < MARGIN_PT + FOOTER_PT) {
            page.close();
            newPage();
        }
    }

    private void newPage() throws IOException {
        PDPage next = new PDPage(PDRectangle.A4);
        pdf.addPage(next);
        page = new PDPageContentStream(pdf, next);
        y = PDRectangle.A4.getHeight() - MARGIN_PT - TITLE_SIZE_PT;
    }

    private void footers() throws IOException {
        int count = pdf.getNumberOfPages();
        for (int i = 0; i < count; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pdf.getPage(i), AppendMode.APPEND,
                    true, true)) {
                String label = invoice.invoiceNumber() + " - page " + (i + 1) + " of " + count;
                float x = MARGIN_PT + width - PdfText.width(regular, label, SMALL_SIZE_PT);
                draw(footer, regular, SMALL_SIZE_PT, x, MARGIN_PT, text.sanitize(label));
            }
        }
    }

    private void rule(float atY) throws IOException {
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN_PT, atY);
        page.lineTo(MARGIN_PT + width, atY);
        page.stroke();
    }

    private void right(PDFont font, float sizePt, float rightX, String value) throws IOException {
        show(font, sizePt, rightX - PdfText.width(font, value, sizePt), y, value);
    }

    private void show(PDFont font, float sizePt, float x, float atY, String value) throws IOException {
        draw(page, font, sizePt, x, atY, value);
    }

    private static void draw(PDPageContentStream stream, PDFont font, float sizePt, float x, float atY,
                             String value) throws IOException {
        stream.beginText();
        stream.setFont(font, sizePt);
        stream.newLineAtOffset(x, atY);
        stream.showText(value);
        stream.endText();
    }
}
