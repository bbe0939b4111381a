package dev.cpx.settlement.statement;

import dev.cpx.settlement.netting.Netting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a close moves through the clearing account, from the statements of its FINAL run and their netting. Each
 * organization's net position is {@code paidAtClose - prepaid + adjustments}: what it prepaid at trade (contract
 * value in escrow and its buyer fee) and its adjustments (moved when they were decided) are settled already, so
 * the close collects the escrowed value of its contracts into clearing and pays out of it what is left of its
 * position. The platform's position is its fees, of which the buyer fees were paid at trade. Pure: no clock, no
 * database.
 *
 * @param legs               per organization, in code order: escrow collected into clearing and paid out of it
 * @param platformFeesMinor  what clearing pays the platform's fees account (the providers' fees)
 */
public record ClearingPostings(List<Leg> legs, long platformFeesMinor) {

    /** One organization's share of a close: {@code collectedMinor} in from its escrow, {@code paidMinor} out. */
    public record Leg(String organization, long collectedMinor, long paidMinor) {
    }

    /**
     * The postings of a run's statements. Fails when the netting and the statements disagree, or when clearing
     * would not come back to zero: the close must not post figures that do not add up.
     */
    public static ClearingPostings of(Map<String, RunContent.Statement> statements, Netting.Result netting,
                                      String platform) {
        var legs = new ArrayList<Leg>();
        long buyerFees = 0;
        for (var entry : statements.entrySet()) {
            String organization = entry.getKey();
            StatementTotals totals = entry.getValue().totals();
            long escrow = 0;
            for (StatementLine line : entry.getValue().lines()) {
                if (line.kind() == StatementLine.Kind.CONTRACT && line.role() == StatementLine.Role.BUYER) {
                    escrow += line.valueMinor();
                    buyerFees += line.feeMinor();
                }
            }
            long position = netting.net().getOrDefault(organization, 0L);
            long paid = position + totals.prepaidMinor() - totals.adjustmentsMinor();
            if (paid != totals.paidAtCloseMinor() || paid < 0) {
                throw new IllegalStateException("the netting of " + organization + " (" + position + ") does not "
                        + "match its statement: prepaid " + totals.prepaidMinor() + ", adjustments "
                        + totals.adjustmentsMinor() + ", paid at close " + totals.paidAtCloseMinor());
            }
            legs.add(new Leg(organization, escrow, paid));
        }
        long fees = netting.net().getOrDefault(platform, 0L) - buyerFees;
        var postings = new ClearingPostings(List.copyOf(legs), fees);
        if (postings.balanceMinor() != 0 || fees < 0) {
            throw new IllegalStateException("clearing would keep " + postings.balanceMinor() + " after the close "
                    + "(platform fees " + fees + ")");
        }
        return postings;
    }

    /** What clearing holds after these postings: collected less paid out. */
    public long balanceMinor() {
        long balance = -platformFeesMinor;
        for (Leg leg : legs) {
            balance += leg.collectedMinor() - leg.paidMinor();
        }
        return balance;
    }
}
