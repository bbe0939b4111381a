package dev.cpx.core.market.core;

/** An organization's money as the market sees it: free to spend, held for open bids, and its credit limit. */
final class CoreAccount {

    final long organizationId;
    long availableMinor;
    long heldMinor;
    long creditLimitMinor;

    CoreAccount(long organizationId, long availableMinor, long heldMinor, long creditLimitMinor) {
        this.organizationId = organizationId;
        this.availableMinor = availableMinor;
        this.heldMinor = heldMinor;
        this.creditLimitMinor = creditLimitMinor;
    }

    boolean canReserve(long amountMinor) {
        return availableMinor - amountMinor >= -creditLimitMinor;
    }
}
