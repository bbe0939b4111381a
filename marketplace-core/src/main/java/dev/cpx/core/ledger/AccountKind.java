package dev.cpx.core.ledger;

/** The accounts of the ledger. Balances are what the platform owes the owner (positive = the owner's money). */
public enum AccountKind {
    /** An organization's money free to spend; may go negative down to its credit limit. */
    AVAILABLE,
    /** Money reserved for open bids. */
    HELD,
    /** Money paid for contracts, kept until settlement pays the provider. */
    ESCROW,
    /** Fees the platform earned. */
    FEES,
    /** The outside world: wallet top-ups and payouts cross it. */
    FUNDING,
    /** Money decided elsewhere on its way to or from a wallet, until the market core applies it. */
    TRANSIT,
    /** A settlement close's money between collecting it from buyers' escrow and paying it out. */
    CLEARING
}
