package dev.cpx.settlement.statement;

/**
 * An adjustment decided on a dispute and booked into a period: {@code amountMinor} moved from the buyer to the
 * provider when positive, from the provider to the buyer when negative. One line on each party's statement.
 */
public record Adjustment(long disputeId, long discrepancyId, long disputedPeriodId, long contractId,
                         String instrument, long buyerId, String buyer, long providerId, String provider,
                         long amountMinor) {

    public StatementLine forBuyer() {
        return line(StatementLine.Role.BUYER, provider, -amountMinor);
    }

    public StatementLine forProvider() {
        return line(StatementLine.Role.PROVIDER, buyer, amountMinor);
    }

    private StatementLine line(StatementLine.Role role, String counterparty, long signedMinor) {
        return new StatementLine(contractId, StatementLine.Kind.ADJUSTMENT, instrument, role, counterparty, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, signedMinor, signedMinor, null, 0, 0, LineNotes.adjustment(this, signedMinor),
                null, disputeId);
    }
}
