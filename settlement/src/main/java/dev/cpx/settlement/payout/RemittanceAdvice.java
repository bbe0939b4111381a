package dev.cpx.settlement.payout;

import java.util.List;

/**
 * What a payout pays for: the statement lines of the organization in the payout's run (each line's net, positive
 * receivable), the disputes that withhold part of it, and the arithmetic from the netting's receivable to the amount.
 */
public record RemittanceAdvice(PayoutView payout, String statementHash, List<Line> lines, List<Withheld> withheld) {

    /** One statement line: {@code netMinor} is what the line adds to (or takes from) the organization's position. */
    public record Line(long contractId, String instrument, String role, String counterparty, long valueMinor,
                       long slaCreditMinor, long feeMinor, long adjustmentMinor, long netMinor) {
    }

    /** An open dispute of the period on one of the organization's contracts, and what it holds back. */
    public record Withheld(long disputeId, long contractId, long withheldMinor) {
    }
}
