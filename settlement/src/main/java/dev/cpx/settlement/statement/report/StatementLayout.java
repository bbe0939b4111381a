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
            Column.number("contract_id", "Contract", 48, 12),
            Column.text("instrument", "Instrument", 100, 30),
            Column.text("role", "Role", 42, 10),
            Column.text("counterparty", "Counterparty", 104, 30),
            Column.number("quantity", "GPUs", 30, 8),
            Column.number("price_per_gpu_hour", "Price/GPU-h", 48, 14),
            Column.number("contracted_gpu_seconds", "Contracted GPU-s", 62, 16),
            Column.number("delivered_gpu_seconds", "Delivered GPU-s", 62, 16),
            Column.number("value", "Value", 54, 16),
            Column.number("rated_value", "Rated value", 54, 16),
            Column.number("sla_credit", "SLA credit", 54, 14),
            Column.number("fee", "Fee", 54, 14),
            Column.number("net", "Net", 56, 16),
            // Only the total row has these two: they are the organization's totals, not sums of line columns.
            Column.number("gross_payable", "Gross payable", 0, 16),
            Column.number("gross_receivable", "Gross receivable", 0, 16));

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
        return new ReportTable("statement", "CPX settlement statement", "Statement", metadata(document), COLUMNS,
                rows, totalRow(totals), totalsBlock(totals), document.generatedAt());
    }

    private static List<Cell> row(StatementLine line) {
        return List.of(new Cell.Id(line.contractId()), Cell.text(line.instrument()),
                Cell.text(line.role() == null ? "" : line.role().name()), Cell.text(line.counterparty()),
                new Cell.Count(line.quantity()), Cell.amount(line.priceMinor()),
                new Cell.Count(line.contractedGpuSeconds()), new Cell.Count(line.deliveredGpuSeconds()),
                Cell.amount(line.valueMinor()), Cell.amount(line.ratedValueMinor()),
                Cell.amount(line.slaCreditMinor()), Cell.amount(line.feeMinor()), Cell.amount(line.netMinor()),
                Cell.BLANK, Cell.BLANK);
    }

    private static List<Cell> totalRow(StatementTotals totals) {
        List<Cell> row = new ArrayList<>(Collections.nCopies(COLUMNS.size(), Cell.BLANK));
        row.set(0, Cell.text(ReportTable.TOTAL));
        row.set(column("sla_credit"), Cell.amount(totals.slaCreditsMinor()));
        row.set(column("fee"), Cell.amount(totals.feesMinor()));
        row.set(column("net"), Cell.amount(totals.netMinor()));
        row.set(column("gross_payable"), Cell.amount(totals.grossPayableMinor()));
        row.set(column("gross_receivable"), Cell.amount(totals.grossReceivableMinor()));
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
                new ReportTable.Total("Net", totals.netMinor()));
    }

    private static List<ReportTable.Field> metadata(StatementDocument d) {
        return List.of(new ReportTable.Field("report", "Report", "statement"),
                new ReportTable.Field("organization_code", "Organization code", d.organizationCode()),
                new ReportTable.Field("organization_name", "Organization", d.organizationName()),
                new ReportTable.Field("period_id", "Period", Long.toString(d.periodId())),
                new ReportTable.Field("period_start", "Period start", instant(d.periodStart())),
                new ReportTable.Field("period_end", "Period end", instant(d.periodEnd())),
                new ReportTable.Field("period_status", "Status", d.periodStatus()),
                new ReportTable.Field("currency", "Currency", d.currency()),
                new ReportTable.Field("content_hash", "Content hash", d.contentHash()),
                new ReportTable.Field("generated_at", "Generated at", instant(d.generatedAt())));
    }

    /** ISO-8601 in UTC, as {@link Instant#toString()} writes it. */
    static String instant(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
