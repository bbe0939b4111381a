package dev.cpx.settlement.statement;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.netting.Netting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one run of a period holds: each organization's statement in canonical form with its hash, the
 * netting of those statements in canonical form with its hash, and the run's content hash over both (see
 * docs/reports.md). Pure: built from the statement lines alone.
 */
public record RunContent(long periodId, int run, RunKind kind, Map<String, Statement> statements, String netting,
                         String nettingHash, String contentHash) {

    public static final String RUN_FORMAT = "cpx-run/1";
    public static final String NETTING_FORMAT = "cpx-netting-canonical/1";
    public static final String CLEARING = "CLEARING";

    /** One organization's statement of the run. */
    public record Statement(StatementTotals totals, List<StatementLine> lines, String canonical, String contentHash) {
    }

    /** Which period a run belongs to, as its canonical texts name it. */
    public record Period(long periodId, Instant periodStart, Instant periodEnd, String currency) {
    }

    public static RunContent of(Period period, int run, RunKind kind, Map<String, List<StatementLine>> lines,
                                String platform) {
        var statements = new TreeMap<String, Statement>();
        lines.forEach((organization, own) -> {
            StatementTotals totals = Statements.totals(organization, own);
            String canonical = CanonicalStatement.write(new CanonicalStatement.Header(period.periodId(),
                    period.periodStart(), period.periodEnd(), run, organization, period.currency()), totals, own);
            statements.put(organization, new Statement(totals, List.copyOf(own), canonical,
                    CanonicalStatement.hash(canonical)));
        });
        String netting = netting(period, run, Netting.net(obligations(lines, platform), CLEARING));
        String nettingHash = Statements.sha256(netting);
        var text = new StringBuilder("format," + RUN_FORMAT + "\nperiod_id," + period.periodId() + "\nrun," + run
                + "\nkind," + kind.name() + "\n");
        statements.forEach((organization, statement) -> text.append("statement,").append(organization).append(',')
                .append(statement.contentHash()).append('\n'));
        text.append("netting,").append(nettingHash).append('\n');
        return new RunContent(period.periodId(), run, kind, statements, netting, nettingHash,
                Statements.sha256(text.toString()));
    }

    /**
     * The obligations the statements' lines record: a buyer owes its provider each line's rated value and the
     * platform its fee, a provider owes the platform its fee, and an adjustment moves its amount between the two
     * (read once, from the buyer's line).
     */
    public static List<Netting.Obligation> obligations(Map<String, List<StatementLine>> lines, String platform) {
        var obligations = new ArrayList<Netting.Obligation>();
        lines.forEach((organization, own) -> {
            for (StatementLine line : own) {
                if (line.role() != StatementLine.Role.BUYER) {
                    if (line.kind() == StatementLine.Kind.CONTRACT) {
                        obligations.add(new Netting.Obligation(organization, platform, line.feeMinor()));
                    }
                } else if (line.kind() == StatementLine.Kind.CONTRACT) {
                    obligations.add(new Netting.Obligation(organization, line.counterparty(), line.ratedValueMinor()));
                    obligations.add(new Netting.Obligation(organization, platform, line.feeMinor()));
                } else if (line.adjustmentMinor() <= 0) {
                    obligations.add(new Netting.Obligation(organization, line.counterparty(), -line.adjustmentMinor()));
                } else {
                    obligations.add(new Netting.Obligation(line.counterparty(), organization, line.adjustmentMinor()));
                }
            }
        });
        return obligations;
    }

    /** The netting as canonical CSV: rows {@code gross,payer,payee,amount}, then {@code net,...}, then payments. */
    static String netting(Period period, int run, Netting.Result result) {
        var text = new StringBuilder("format," + NETTING_FORMAT + "\nperiod_id," + period.periodId() + "\nrun," + run
                + "\ncurrency," + period.currency() + "\nrecord,from,to,amount\n");
        result.gross().forEach((payer, row) -> row.forEach((payee, amount) -> text.append("gross,").append(payer)
                .append(',').append(payee).append(',').append(Money.format(amount)).append('\n')));
        result.net().forEach((organization, amount) -> text.append("net,").append(organization).append(",,")
                .append(Money.format(amount)).append('\n'));
        result.payments().forEach(p -> text.append("payment,").append(p.from()).append(',').append(p.to())
                .append(',').append(Money.format(p.amountMinor())).append('\n'));
        return text.toString();
    }
}
