package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Decides what an organization's statement shows, in which columns; the formats only render it. */
final class StatementLayout {

    static final List<Column> COLUMNS = List.of(
            Column.number("contract_id", "Contract", 40, 12),
            Column.text("kind", "Line", 0, 12),
            Column.text("instrument", "Instrument", 100, 34),
            Column.text("role", "Role", 40, 10),
            Column.text("counterparty", "Counterparty", 78, 30),
            Column.number("quantity", "GPUs", 28, 8),
            Column.number("price_per_gpu_hour", "Price/GPU-h", 38, 14),
            Column.number("contracted_gpu_seconds", "Contracted GPU-s", 44, 16),
            Column.number("provider_gpu_seconds", "Provider GPU-s", 44, 16),
            Column.number("buyer_gpu_seconds", "Buyer GPU-s", 44, 16),
            Column.number("delivered_gpu_seconds", "Delivered GPU-s", 44, 16),
            Column.number("value", "Value", 46, 16),
            Column.number("rated_value", "Rated value", 46, 16),
            Column.number("sla_credit", "SLA credit", 42, 14),
            Column.number("fee", "Fee", 38, 14),
            Column.number("adjustment", "Adjustment", 46, 14),
            Column.number("net", "Net", 50, 16),
            Column.text("coverage", "Coverage", 0, 18),
            Column.number("one_sided_gpu_seconds", "One-sided GPU-s", 0, 16),
            Column.number("differences", "Differences", 0, 12),
            Column.below("note", "Note", 60),
            // Only the total row has these: they are the organization's totals, not sums of line columns.
            Column.number("gross_payable", "Gross payable", 0, 16),
            Column.number("gross_receivable", "Gross receivable", 0, 16),
            Column.number("prepaid", "Prepaid at trade", 0, 16),
            Column.number("paid_at_close", "Paid at close", 0, 16));

    private StatementLayout() {
    }

    static ReportTable of(StatementDocument document) {
        Objects.requireNonNull(document, "document");
        List<StatementLine> lines = Objects.requireNonNull(document.lines(), "statement lines");
        StatementTotals totals = Objects.requireNonNull(document.totals(), "statement totals");
        List<List<Cell>> rows = new ArrayList<>(lines.size());
        for (StatementLine line : lines) {
            rows.add(row(line));
        }
        return new ReportTable("statement", title("CPX settlement statement", document.preliminary()), "Statement",
                metadata(document), COLUMNS, rows, totalRow(totals), totalsBlock(totals), document.generatedAt(),
                document.preliminary() ? banner(document.periodId()) : null);
    }

    /** The title, marked on every page and sheet while the period's figures may still change. */
    static String title(String title, boolean preliminary) {
        return preliminary ? title + " - PRELIMINARY" : title;
    }

    static String banner(long periodId) {
        return "PRELIMINARY: period " + periodId + " is open; these figures may change until it closes.";
    }

    private static List<Cell> row(StatementLine line) {
        boolean contract = line.kind() == StatementLine.Kind.CONTRACT;
        return List.of(new Cell.Id(line.contractId()), Cell.text(line.kind().name()), Cell.text(line.instrument()),
                Cell.text(line.role() == null ? "" : line.role().name()), Cell.text(line.counterparty()),
                contract ? new Cell.Count(line.quantity()) : Cell.BLANK,
                contract ? Cell.amount(line.priceMinor()) : Cell.BLANK,
                contract ? new Cell.Count(line.contractedGpuSeconds()) : Cell.BLANK,
                contract ? new Cell.Count(line.providerGpuSeconds()) : Cell.BLANK,
                contract ? new Cell.Count(line.buyerGpuSeconds()) : Cell.BLANK,
                contract ? new Cell.Count(line.deliveredGpuSeconds()) : Cell.BLANK,
                contract ? Cell.amount(line.valueMinor()) : Cell.BLANK,
                contract ? Cell.amount(line.ratedValueMinor()) : Cell.BLANK,
                contract ? Cell.amount(line.slaCreditMinor()) : Cell.BLANK,
                contract ? Cell.amount(line.feeMinor()) : Cell.BLANK,
                contract ? Cell.BLANK : Cell.amount(line.adjustmentMinor()),
                Cell.amount(line.netMinor()),
                Cell.text(line.coverage() == null ? "" : line.coverage().name()),
                contract ? new Cell.Count(line.oneSidedGpuSeconds()) : Cell.BLANK,
                contract ? new Cell.Count(line.differences()) : Cell.BLANK,
                Cell.text(line.note()),
                Cell.BLANK, Cell.BLANK, Cell.BLANK, Cell.BLANK);
    }

    private static List<Cell> totalRow(StatementTotals totals) {
        List<Cell> row = new ArrayList<>(Collections.nCopies(COLUMNS.size(), Cell.BLANK));
        row.set(0, Cell.text(ReportTable.TOTAL));
        row.set(column("sla_credit"), Cell.amount(totals.slaCreditsMinor()));
        row.set(column("fee"), Cell.amount(totals.feesMinor()));
        row.set(column("adjustment"), Cell.amount(totals.adjustmentsMinor()));
        row.set(column("net"), Cell.amount(totals.netMinor()));
        row.set(column("gross_payable"), Cell.amount(totals.grossPayableMinor()));
        row.set(column("gross_receivable"), Cell.amount(totals.grossReceivableMinor()));
        row.set(column("prepaid"), Cell.amount(totals.prepaidMinor()));
        row.set(column("paid_at_close"), Cell.amount(totals.paidAtCloseMinor()));
        return row;
    }

    private static int column(String name) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    static List<ReportTable.Total> totalsBlock(StatementTotals totals) {
        return List.of(new ReportTable.Total("Gross payable", totals.grossPayableMinor()),
                new ReportTable.Total("Gross receivable", totals.grossReceivableMinor()),
                new ReportTable.Total("SLA credits", totals.slaCreditsMinor()),
                new ReportTable.Total("Fees", totals.feesMinor()),
                new ReportTable.Total("Adjustments", totals.adjustmentsMinor()),
                new ReportTable.Total("Net", totals.netMinor()),
                new ReportTable.Total("Prepaid at trade", totals.prepaidMinor()),
                new ReportTable.Total("Paid at close", totals.paidAtCloseMinor()));
    }

    private static List<ReportTable.Field> metadata(StatementDocument d) {
        var fields = new ArrayList<>(List.of(new ReportTable.Field("report", "Report", "statement"),
                new ReportTable.Field("figures", "Figures", figures(d.preliminary())),
                new ReportTable.Field("organization_code", "Organization code", d.organizationCode()),
                new ReportTable.Field("organization_name", "Organization", d.organizationName()),
                new ReportTable.Field("period_id", "Period", Long.toString(d.periodId())),
                new ReportTable.Field("period_start", "Period start", instant(d.periodStart())),
                new ReportTable.Field("period_end", "Period end", instant(d.periodEnd())),
                new ReportTable.Field("period_status", "Status", d.periodStatus())));
        if (d.run() != null) {
            fields.add(new ReportTable.Field("run", "Run", Integer.toString(d.run())));
            fields.add(new ReportTable.Field("run_kind", "Run kind", d.runKind()));
        }
        fields.addAll(List.of(new ReportTable.Field("currency", "Currency", d.currency()),
                new ReportTable.Field("content_hash", "Content hash", d.contentHash()),
                new ReportTable.Field("generated_at", "Generated at", instant(d.generatedAt()))));
        return fields;
    }

    static String figures(boolean preliminary) {
        return preliminary ? "PRELIMINARY" : "FINAL";
    }

    /** ISO-8601 in UTC, as {@link Instant#toString()} writes it. */
    static String instant(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
