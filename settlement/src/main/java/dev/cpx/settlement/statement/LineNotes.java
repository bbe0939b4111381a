package dev.cpx.settlement.statement;

import dev.cpx.core.money.Money;
import java.util.ArrayList;

/** What a statement line says in words: how its delivered figure came about, or where an adjustment comes from. */
final class LineNotes {

    private LineNotes() {
    }

    static String contract(SettledContract c, StatementLine.Role role) {
        var parts = new ArrayList<String>();
        if (role == StatementLine.Role.BUYER) {
            parts.add("prepaid at trade: " + Money.format(c.valueMinor() + c.buyerFeeMinor())
                    + (c.slaCreditMinor() > 0 ? ", " + Money.format(c.slaCreditMinor()) + " back as SLA credit" : ""));
        }
        switch (c.coverage()) {
            case NONE -> parts.add("no usage reported by either side");
            case PROVIDER_ONLY -> parts.add("one-sided: the provider's records alone (the buyer sent none)");
            case BUYER_ONLY -> parts.add("one-sided: the buyer's records alone (the provider sent none)");
            case PARTLY_ONE_SIDED -> parts.add("partly one-sided: " + c.oneSidedProviderGpuSeconds()
                    + " GPU-s from the provider alone, " + c.oneSidedBuyerGpuSeconds() + " from the buyer alone");
            case BOTH -> {
            }
        }
        if (c.differences() > 0) {
            parts.add(c.differences() + (c.differences() == 1 ? " node-hour" : " node-hours") + " where the sides "
                    + "differ (" + c.beyondTolerance() + " beyond the tolerance): see the discrepancies");
        }
        return String.join("; ", parts);
    }

    static String adjustment(Adjustment a, long signedMinor) {
        return "adjustment on dispute " + a.disputeId() + " (" + (a.discrepancyId() > 0 ? "discrepancy "
                + a.discrepancyId() : "the whole line") + ", period "
                + a.disputedPeriodId() + "): " + Money.format(Math.abs(signedMinor))
                + (signedMinor >= 0 ? " to you" : " from you");
    }
}
