package dev.cpx.settlement.invoice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.invoice.InvoiceKind;
import dev.cpx.settlement.invoice.InvoicePlan;
import dev.cpx.settlement.invoice.InvoicePurpose;
import dev.cpx.settlement.invoice.InvoiceView;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The invoice PDF as a reader's tools see it: its text, pages and bytes. */
class InvoicePdfTests {

    private static final String HASH = "3f2a".repeat(16);

    @Test
    void theTextShowsBothPartiesInTheirScriptTheFiguresAndTheNotes() throws IOException {
        InvoiceView invoice = invoice(InvoiceKind.INVOICE, InvoicePurpose.PROVIDER_SUPPLY, true, 3, null);
        String text = text(InvoicePdf.render(invoice));
        assertThat(text).contains("SELF-BILLED INVOICE", "SB-SHCC-000042", "上海算力中心有限公司", "91310000MA1FL0000X",
                "上海市浦东新区世纪大道1号", "CPX Compute Power Exchange", "PO-4711", "2026-11-25", "2026-12-25",
                "#7, 2026-11-24 00:00 to 2026-11-25 00:00 UTC", "2 (FINAL)", HASH, "Subtotal", "1234.56",
                "Total USD", "Reverse charge", "Self-billing", "Payment terms", "page 1 of 1");
        assertThat(text).contains("H100-SXM-80G.CN-EAST.2026-11-24", "训练项目");
    }

    @Test
    void aCreditNoteNamesTheInvoiceItCredits() throws IOException {
        InvoiceView credit = invoice(InvoiceKind.CREDIT_NOTE, InvoicePurpose.BUYER_SLA_CREDIT, false, 1,
                "CPX-000041");
        String text = text(InvoicePdf.render(credit));
        assertThat(text).contains("CREDIT NOTE", "Credits invoice", "CPX-000041");
        assertThat(text).doesNotContain("Self-billing");
    }

    @Test
    void manyLinesRunOverPagesAndEveryRenderIsTheSameBytes() throws IOException {
        InvoiceView invoice = invoice(InvoiceKind.INVOICE, InvoicePurpose.BUYER_COMPUTE, false, 120, null);
        byte[] first = InvoicePdf.render(invoice);
        try (PDDocument pdf = Loader.loadPDF(first)) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(1);
            assertThat(new PDFTextStripper().getText(pdf)).contains("page " + pdf.getNumberOfPages() + " of "
                    + pdf.getNumberOfPages(), "Total USD");
        }
        assertThat(InvoicePdf.render(invoice)).isEqualTo(first);
    }

    private static InvoiceView invoice(InvoiceKind kind, InvoicePurpose purpose, boolean selfBilled, int lines,
                                       String references) {
        var shcc = new InvoiceView.Party("SHCC", "上海算力中心有限公司", "91310000MA1FL0000X",
                "上海市浦东新区世纪大道1号\nShanghai 200120\nChina");
        var cpx = new InvoiceView.Party("CPX", "CPX Compute Power Exchange", "", "");
        var invoiceLines = new ArrayList<InvoicePlan.Line>();
        for (int i = 0; i < lines; i++) {
            invoiceLines.add(new InvoicePlan.Line("Compute delivered", "H100-SXM-80G.CN-EAST.2026-11-24",
                    i % 2 == 0 ? "训练项目" : null, 28_800 + i, 123_456 + i));
        }
        long subtotal = invoiceLines.stream().mapToLong(InvoicePlan.Line::amountMinor).sum();
        return new InvoiceView(selfBilled ? "SB-SHCC-000042" : "CPX-000042", kind, purpose, selfBilled,
                selfBilled ? shcc : cpx, selfBilled ? cpx : shcc, LocalDate.parse("2026-11-25"),
                LocalDate.parse("2026-12-25"), 7, Instant.parse("2026-11-24T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:00Z"), 2, "FINAL", "SHCC", HASH, "USD", subtotal, 0, 0, subtotal, true,
                "PO-4711", references, List.copyOf(invoiceLines));
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
