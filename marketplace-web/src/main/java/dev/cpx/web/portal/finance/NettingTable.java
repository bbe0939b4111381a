package dev.cpx.web.portal.finance;

import dev.cpx.settlement.netting.Netting;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The gross obligations of a period as a payer-by-payee matrix for a table: every organization that pays or is paid
 * is both a row and a column, with row and column totals.
 *
 * @param parties      organizations in code order
 * @param rows         one row per payer: amounts owed to each party in {@code parties} order (minor units)
 * @param payeeTotals  what each party is owed in total, in {@code parties} order
 */
public record NettingTable(List<String> parties, List<Row> rows, List<Long> payeeTotals, long grossTotalMinor,
                    Netting.Result result) {

    /** One payer's row; {@code totalMinor} is what it owes everyone. */
    public record Row(String payer, List<Long> amountsMinor, long totalMinor) {
    }

    static NettingTable of(Netting.Result result) {
        var names = new TreeSet<String>(result.gross().keySet());
        result.gross().values().forEach(payees -> names.addAll(payees.keySet()));
        List<String> parties = List.copyOf(names);
        List<Row> rows = result.gross().entrySet().stream()
                .map(e -> row(e.getKey(), e.getValue(), parties))
                .toList();
        List<Long> payeeTotals = parties.stream()
                .map(payee -> result.gross().values().stream()
                        .mapToLong(payees -> payees.getOrDefault(payee, 0L)).sum())
                .toList();
        return new NettingTable(parties, rows, payeeTotals, result.grossTotal(), result);
    }

    private static Row row(String payer, Map<String, Long> payees, List<String> parties) {
        List<Long> amounts = parties.stream().map(p -> payees.getOrDefault(p, 0L)).toList();
        return new Row(payer, amounts, amounts.stream().mapToLong(Long::longValue).sum());
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
