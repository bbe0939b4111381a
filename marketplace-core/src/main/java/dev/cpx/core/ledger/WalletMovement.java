package dev.cpx.core.ledger;

import java.time.Instant;

/** One posting to an organization's available balance, with the balance right after it. */
public record WalletMovement(long entryId, Instant at, String kind, String reference, long amountMinor,
                             long balanceAfterMinor) {
}
