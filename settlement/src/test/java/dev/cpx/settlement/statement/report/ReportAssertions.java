package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a read-back report must contain, written out from the document rather than from the layout. */
final class ReportAssertions {

    private ReportAssertions() {
    }

    static void assertStatementTable(ParsedReport parsed, StatementDocument document) {
        assertThat(parsed.rows()).hasSameSizeAs(document.lines());
        for (int i = 0; i < document.lines().size(); i++) {
            assertThat(parsed.rows().get(i)).as("line %d", i).containsExactlyElementsOf(row(document.lines().get(i)));
        }
        StatementTotals t = document.totals();
        assertThat(parsed.totalRow()).containsExactly("TOTAL", "", "", "", "", "", "", "", "", "", "", "", "",
                Money.format(t.slaCreditsMinor()), Money.format(t.feesMinor()), Money.format(t.adjustmentsMinor()),
                Money.format(t.netMinor()), "", "", "", "", Money.format(t.grossPayableMinor()),
                Money.format(t.grossReceivableMinor()), Money.format(t.prepaidMinor()),
                Money.format(t.paidAtCloseMinor()));
    }

    static List<String> row(StatementLine l) {
        if (l.kind() == StatementLine.Kind.ADJUSTMENT) {
            return List.of(Long.toString(l.contractId()), "ADJUSTMENT", l.instrument(), l.role().name(),
                    l.counterparty(), "", "", "", "", "", "", "", "", "", "", Money.format(l.adjustmentMinor()),
                    Money.format(l.netMinor()), "", "", "", l.note(), "", "", "", "");
        }
        return List.of(Long.toString(l.contractId()), "CONTRACT", l.instrument(), l.role().name(), l.counterparty(),
                Long.toString(l.quantity()), Money.format(l.priceMinor()), Long.toString(l.contractedGpuSeconds()),
                Long.toString(l.providerGpuSeconds()), Long.toString(l.buyerGpuSeconds()),
                Long.toString(l.deliveredGpuSeconds()), Money.format(l.valueMinor()),
                Money.format(l.ratedValueMinor()), Money.format(l.slaCreditMinor()), Money.format(l.feeMinor()), "",
                Money.format(l.netMinor()), l.coverage().name(), Long.toString(l.oneSidedGpuSeconds()),
                Long.toString(l.differences()), l.note(), "", "", "", "");
    }

    static void assertPlatformTable(ParsedReport parsed, PlatformReport report) {
        assertThat(parsed.rows()).hasSameSizeAs(report.organizations());
        for (int i = 0; i < report.organizations().size(); i++) {
            StatementTotals t = report.organizations().get(i);
            assertThat(parsed.rows().get(i)).containsExactlyElementsOf(figures(t.organization(), t));
        }
        assertThat(parsed.totalRow()).containsExactlyElementsOf(figures("TOTAL", report.sum()));
    }

    static List<String> figures(String label, StatementTotals t) {
        return List.of(label, Money.format(t.grossPayableMinor()), Money.format(t.grossReceivableMinor()),
                Money.format(t.slaCreditsMinor()), Money.format(t.feesMinor()), Money.format(t.adjustmentsMinor()),
                Money.format(t.netMinor()), Money.format(t.prepaidMinor()), Money.format(t.paidAtCloseMinor()));
    }

    /** The totals in the PDF totals block, to the cent. */
    static void assertPdfTotals(String text, StatementTotals t) {
        assertThat(ParsedReport.pdfTotal(text, "Gross payable")).isEqualTo(t.grossPayableMinor());
        assertThat(ParsedReport.pdfTotal(text, "Gross receivable")).isEqualTo(t.grossReceivableMinor());
        assertThat(ParsedReport.pdfTotal(text, "SLA credits")).isEqualTo(t.slaCreditsMinor());
        assertThat(ParsedReport.pdfTotal(text, "Fees")).isEqualTo(t.feesMinor());
        assertThat(ParsedReport.pdfTotal(text, "Adjustments")).isEqualTo(t.adjustmentsMinor());
        assertThat(ParsedReport.pdfTotal(text, "Net")).isEqualTo(t.netMinor());
        assertThat(ParsedReport.pdfTotal(text, "Prepaid at trade")).isEqualTo(t.prepaidMinor());
        assertThat(ParsedReport.pdfTotal(text, "Paid at close")).isEqualTo(t.paidAtCloseMinor());
    }
}
