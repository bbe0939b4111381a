package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementTotals;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides what the platform report shows: one row of totals per organization and their sum, in which each
 * contract's SLA credit counts once.
 */
final class PlatformLayout {

    static final List<Column> COLUMNS = List.of(
            Column.text("organization", "Organization", 206, 40),
            Column.number("gross_payable", "Gross payable", 70, 18),
            Column.number("gross_receivable", "Gross receivable", 70, 18),
            Column.number("sla_credits", "SLA credits", 70, 18),
            Column.number("fees", "Fees", 70, 18),
            Column.number("adjustments", "Adjustments", 70, 18),
            Column.number("net", "Net", 70, 18),
            Column.number("prepaid", "Prepaid at trade", 70, 18),
            Column.number("paid_at_close", "Paid at close", 70, 18));

    private PlatformLayout() {
    }

    static ReportTable of(PlatformReport report) {
        Objects.requireNonNull(report, "report");
        List<StatementTotals> organizations = Objects.requireNonNull(report.organizations(), "organizations");
        StatementTotals sum = Objects.requireNonNull(report.sum(), "sum");
        List<List<Cell>> rows = new ArrayList<>(organizations.size());
        for (StatementTotals totals : organizations) {
            rows.add(row(totals.organization(), totals));
        }
        return new ReportTable("platform", StatementLayout.title("CPX platform settlement report",
                report.preliminary()), "Platform", metadata(report), COLUMNS, rows, row(ReportTable.TOTAL, sum),
                StatementLayout.totalsBlock(sum), report.generatedAt(),
                report.preliminary() ? StatementLayout.banner(report.periodId()) : null);
    }

    private static List<Cell> row(String label, StatementTotals totals) {
        return List.of(Cell.text(label), Cell.amount(totals.grossPayableMinor()),
                Cell.amount(totals.grossReceivableMinor()), Cell.amount(totals.slaCreditsMinor()),
                Cell.amount(totals.feesMinor()), Cell.amount(totals.adjustmentsMinor()),
                Cell.amount(totals.netMinor()), Cell.amount(totals.prepaidMinor()),
                Cell.amount(totals.paidAtCloseMinor()));
    }

    private static List<ReportTable.Field> metadata(PlatformReport r) {
        return List.of(new ReportTable.Field("report", "Report", "platform"),
                new ReportTable.Field("figures", "Figures", StatementLayout.figures(r.preliminary())),
                new ReportTable.Field("period_id", "Period", Long.toString(r.periodId())),
                new ReportTable.Field("period_start", "Period start", StatementLayout.instant(r.periodStart())),
                new ReportTable.Field("period_end", "Period end", StatementLayout.instant(r.periodEnd())),
                new ReportTable.Field("period_status", "Status", r.periodStatus()),
                new ReportTable.Field("currency", "Currency", r.currency()),
                new ReportTable.Field("organizations", "Organizations", Integer.toString(r.organizations().size())),
                new ReportTable.Field("content_hash", "Content hash", r.contentHash()),
                new ReportTable.Field("generated_at", "Generated at", StatementLayout.instant(r.generatedAt())));
    }
}
