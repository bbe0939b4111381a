package dev.cpx.settlement.payout;

/**
 * PENDING: made, waiting for the market core to debit the wallet or for the rail to send it; SENT: the rail took it
 * (a Stripe transfer, or a bank file exported); FAILED: the rail refused it for good and the money went back to the
 * wallet; REFUSED: the wallet's available balance was short when the market core applied it, nothing moved.
 */
public enum PayoutStatus {
    PENDING,
    SENT,
    FAILED,
    REFUSED
}
