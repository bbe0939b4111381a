package dev.cpx.settlement.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Statement arithmetic and the content hash that freezes a statement at close. Pure Java. */
public final class Statements {

    private Statements() {
    }

    /** Totals of an organization's lines: {@code net = grossReceivable - grossPayable - fees}. */
    public static StatementTotals totals(String organization, List<StatementLine> lines) {
        long payable = 0;
        long receivable = 0;
        long credits = 0;
        long fees = 0;
        for (StatementLine line : lines) {
            if (line.role() == StatementLine.Role.BUYER) {
                payable += line.ratedValueMinor();
            } else {
                receivable += line.ratedValueMinor();
            }
            credits += line.slaCreditMinor();
            fees += line.feeMinor();
        }
        long net = receivable - payable - fees;
        long lineNets = lines.stream().mapToLong(StatementLine::netMinor).sum();
        if (net != lineNets) {
            throw new IllegalStateException("statement of " + organization + ": totals net " + net
                    + " differs from the sum of its lines " + lineNets);
        }
        return new StatementTotals(organization, payable, receivable, credits, fees, net);
    }

    /** SHA-256 of a canonical text of the statement: its totals and every line, by contract then role. */
    public static String contentHash(long periodId, StatementTotals totals, List<StatementLine> lines) {
        var text = new StringBuilder("cpx-statement-v1|").append(periodId).append('|').append(totals).append('\n');
        lines.stream()
                .sorted(Comparator.comparingLong(StatementLine::contractId).thenComparing(StatementLine::role))
                .forEach(line -> text.append(line).append('\n'));
        return sha256(text.toString());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
