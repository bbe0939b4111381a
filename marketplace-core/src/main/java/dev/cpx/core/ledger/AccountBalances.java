package dev.cpx.core.ledger;

/** An organization's balances in minor units. */
public record AccountBalances(long availableMinor, long heldMinor, long escrowMinor) {
}
