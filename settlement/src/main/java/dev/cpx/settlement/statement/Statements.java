package dev.cpx.settlement.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Statement arithmetic, and SHA-256 as the content hashes use it. Pure Java. */
public final class Statements {

    private Statements() {
    }

    /**
     * Totals of an organization's lines: {@code net = grossReceivable - grossPayable - fees + adjustments}, which
     * must equal both the sum of the lines' nets and {@code paidAtClose - prepaid + adjustments}.
     */
    public static StatementTotals totals(String organization, List<StatementLine> lines) {
        long payable = 0;
        long receivable = 0;
        long credits = 0;
        long fees = 0;
        long adjustments = 0;
        long prepaid = 0;
        long paidAtClose = 0;
        long lineNets = 0;
        for (StatementLine line : lines) {
            lineNets += line.netMinor();
            if (line.kind() == StatementLine.Kind.ADJUSTMENT) {
                adjustments += line.adjustmentMinor();
                continue;
            }
            if (line.role() == StatementLine.Role.BUYER) {
                payable += line.ratedValueMinor();
                prepaid += line.valueMinor() + line.feeMinor();
                paidAtClose += line.slaCreditMinor();
            } else {
                receivable += line.ratedValueMinor();
                paidAtClose += line.ratedValueMinor() - line.feeMinor();
            }
            credits += line.slaCreditMinor();
            fees += line.feeMinor();
        }
        long net = receivable - payable - fees + adjustments;
        if (net != lineNets || net != paidAtClose - prepaid + adjustments) {
            throw new IllegalStateException("statement of " + organization + ": totals net " + net + ", lines "
                    + lineNets + ", paid at close " + paidAtClose + " less prepaid " + prepaid + " plus adjustments "
                    + adjustments);
        }
        return new StatementTotals(organization, payable, receivable, credits, fees, adjustments, net, prepaid,
                paidAtClose);
    }

    /**
     * The sum row of the platform report. Each contract's SLA credit is on both its buyer's and its provider's
     * statement, so summing the organizations would count it twice: the sum takes {@code slaCreditsOnceMinor},
     * the period's credits counted once.
     */
    public static StatementTotals platformSum(List<StatementTotals> organizations, long slaCreditsOnceMinor) {
        long payable = 0;
        long receivable = 0;
        long fees = 0;
        long adjustments = 0;
        long net = 0;
        long prepaid = 0;
        long paidAtClose = 0;
        for (StatementTotals t : organizations) {
            payable += t.grossPayableMinor();
            receivable += t.grossReceivableMinor();
            fees += t.feesMinor();
            adjustments += t.adjustmentsMinor();
            net += t.netMinor();
            prepaid += t.prepaidMinor();
            paidAtClose += t.paidAtCloseMinor();
        }
        return new StatementTotals("ALL", payable, receivable, slaCreditsOnceMinor, fees, adjustments, net, prepaid,
                paidAtClose);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex, as {@code sha256sum} prints it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
