package dev.cpx.settlement.statement;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.rating.Coverage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical form of a statement of one run: a CSV text, specified in docs/reports.md, whose SHA-256 is the
 * statement's content hash. It is also the stored form of a frozen run's statement: reports and lineage of a
 * closed run are read back from it, so what is verified is what is shown. Writing the same statement always gives
 * the same text (fixed order of rows and columns, one way to write each value), and reading a text then writing it
 * again gives it back unchanged.
 */
public final class CanonicalStatement {

    public static final String FORMAT = "cpx-statement-canonical/1";
    static final String EOL = "\n";
    static final List<String> TOTALS = List.of("gross_payable", "gross_receivable", "sla_credits", "fees",
            "adjustments", "net", "prepaid", "paid_at_close");
    public static final List<String> COLUMNS = List.of("reference", "contract_id", "kind", "role", "instrument",
            "project", "counterparty", "quantity", "price_per_gpu_hour", "contracted_gpu_seconds",
            "provider_gpu_seconds", "buyer_gpu_seconds", "delivered_gpu_seconds", "value", "rated_value",
            "sla_credit", "fee", "adjustment", "net", "coverage", "one_sided_gpu_seconds", "differences", "note");
    private static final List<String> HEADER = List.of("format", "period_id", "period_start", "period_end", "run",
            "organization", "currency");

    /** The order of lines: by contract, its contract line before its adjustments, buyer before provider. */
    static final Comparator<StatementLine> ORDER = Comparator.comparingLong(StatementLine::contractId)
            .thenComparing(StatementLine::kind).thenComparing(StatementLine::role)
            .thenComparingLong(StatementLine::disputeId);

    private CanonicalStatement() {
    }

    /** Which statement of which run: the first rows of the canonical text. */
    public record Header(long periodId, Instant periodStart, Instant periodEnd, int run, String organization,
                         String currency) {

        public Header {
            if (run < 1 || organization == null || organization.isBlank() || currency == null) {
                throw new IllegalArgumentException("a canonical statement names its run (from 1), organization "
                        + "and currency: " + run + ", " + organization + ", " + currency);
            }
        }
    }

    /** A statement as read back from its canonical text. */
    public record Parsed(Header header, StatementTotals totals, List<StatementLine> lines) {
    }

    public static String write(Header header, StatementTotals totals, List<StatementLine> lines) {
        var text = new StringBuilder(256 + 256 * lines.size());
        row(text, List.of("format", FORMAT));
        row(text, List.of("period_id", Long.toString(header.periodId())));
        row(text, List.of("period_start", header.periodStart().toString()));
        row(text, List.of("period_end", header.periodEnd().toString()));
        row(text, List.of("run", Integer.toString(header.run())));
        row(text, List.of("organization", header.organization()));
        row(text, List.of("currency", header.currency()));
        long[] figures = {totals.grossPayableMinor(), totals.grossReceivableMinor(), totals.slaCreditsMinor(),
                totals.feesMinor(), totals.adjustmentsMinor(), totals.netMinor(), totals.prepaidMinor(),
                totals.paidAtCloseMinor()};
        for (int i = 0; i < TOTALS.size(); i++) {
            row(text, List.of(TOTALS.get(i), Money.format(figures[i])));
        }
        row(text, COLUMNS);
        lines.stream().sorted(ORDER).forEach(line -> row(text, cells(line)));
        return text.toString();
    }

    /** The lower-case hex SHA-256 of the text's UTF-8 bytes: what {@code sha256sum} prints for the file. */
    public static String hash(String canonical) {
        return Statements.sha256(canonical);
    }

    private static List<String> cells(StatementLine l) {
        return List.of(l.reference(), Long.toString(l.contractId()), l.kind().name(), l.role().name(),
                l.instrument(), text(l.project()), text(l.counterparty()), Long.toString(l.quantity()),
                Money.format(l.priceMinor()), Long.toString(l.contractedGpuSeconds()),
                Long.toString(l.providerGpuSeconds()), Long.toString(l.buyerGpuSeconds()),
                Long.toString(l.deliveredGpuSeconds()), Money.format(l.valueMinor()),
                Money.format(l.ratedValueMinor()), Money.format(l.slaCreditMinor()), Money.format(l.feeMinor()),
                Money.format(l.adjustmentMinor()), Money.format(l.netMinor()),
                l.coverage() == null ? "" : l.coverage().name(), Long.toString(l.oneSidedGpuSeconds()),
                Integer.toString(l.differences()), text(l.note()));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static void row(StringBuilder text, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                text.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                text.append(field);
            }
        }
        text.append(EOL);
    }

    /** Reads a canonical text; anything that is not exactly the canonical form is refused. */
    public static Parsed read(String canonical) {
        List<List<String>> rows = CanonicalCsv.rows(canonical);
        int totalsAt = HEADER.size();
        int columnsAt = totalsAt + TOTALS.size();
        if (rows.size() <= columnsAt || !rows.get(columnsAt).equals(COLUMNS)) {
            throw new IllegalArgumentException("not a canonical statement: no column row after the totals");
        }
        for (int i = 0; i < columnsAt; i++) {
            String expected = i < totalsAt ? HEADER.get(i) : TOTALS.get(i - totalsAt);
            if (rows.get(i).size() != 2 || !rows.get(i).get(0).equals(expected)) {
                throw new IllegalArgumentException("not a canonical statement: row " + (i + 1) + " is not " + expected);
            }
        }
        if (!FORMAT.equals(value(rows, 0))) {
            throw new IllegalArgumentException("not a canonical statement of format " + FORMAT);
        }
        Header header = new Header(Long.parseLong(value(rows, 1)), Instant.parse(value(rows, 2)),
                Instant.parse(value(rows, 3)), Integer.parseInt(value(rows, 4)), value(rows, 5), value(rows, 6));
        long[] figures = new long[TOTALS.size()];
        for (int i = 0; i < figures.length; i++) {
            figures[i] = minor(value(rows, totalsAt + i));
        }
        StatementTotals totals = new StatementTotals(header.organization(), figures[0], figures[1], figures[2],
                figures[3], figures[4], figures[5], figures[6], figures[7]);
        var lines = new ArrayList<StatementLine>(rows.size() - columnsAt - 1);
        for (List<String> row : rows.subList(columnsAt + 1, rows.size())) {
            lines.add(line(row));
        }
        Parsed parsed = new Parsed(header, totals, List.copyOf(lines));
        if (!write(header, totals, lines).equals(canonical)) {
            throw new IllegalArgumentException("not in canonical form: writing what was read gives another text");
        }
        return parsed;
    }

    private static String value(List<List<String>> rows, int index) {
        return rows.get(index).get(1);
    }

    private static StatementLine line(List<String> c) {
        if (c.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("a statement line has " + COLUMNS.size() + " fields, not " + c.size());
        }
        var kind = StatementLine.Kind.valueOf(c.get(2));
        String reference = c.get(0);
        long disputeId = kind == StatementLine.Kind.ADJUSTMENT
                ? Long.parseLong(reference.substring(reference.indexOf(':') + 1)) : 0;
        return new StatementLine(Long.parseLong(c.get(1)), kind, c.get(4), StatementLine.Role.valueOf(c.get(3)),
                c.get(6), Long.parseLong(c.get(7)), minor(c.get(8)), Long.parseLong(c.get(9)),
                Long.parseLong(c.get(10)), Long.parseLong(c.get(11)), Long.parseLong(c.get(12)), minor(c.get(13)),
                minor(c.get(14)), minor(c.get(15)), minor(c.get(16)), minor(c.get(17)), minor(c.get(18)),
                c.get(19).isEmpty() ? null : Coverage.valueOf(c.get(19)), Long.parseLong(c.get(20)),
                Integer.parseInt(c.get(21)), c.get(22), c.get(5).isEmpty() ? null : c.get(5), disputeId);
    }

    private static long minor(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
