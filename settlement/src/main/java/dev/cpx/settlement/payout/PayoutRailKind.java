package dev.cpx.settlement.payout;

/** How a payout reaches its organization: a Stripe Connect transfer, or a line of an ISO 20022 bank file. */
public enum PayoutRailKind {
    STRIPE_CONNECT,
    BANK_FILE
}
