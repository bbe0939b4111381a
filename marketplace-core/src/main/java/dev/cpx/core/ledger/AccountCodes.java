package dev.cpx.core.ledger;

/** The codes of ledger accounts, in one place for the ledger and the market core. */
public final class AccountCodes {

    public static final String FEES = "PLATFORM:FEES";
    public static final String FUNDING = "EXTERNAL:FUNDING";
    public static final String IN_TRANSIT = "PLATFORM:IN-TRANSIT";
    /** Where a settlement close collects what buyers prepaid and pays out each party's share; zero between closes. */
    public static final String CLEARING = "PLATFORM:CLEARING";
    /** Paid out of wallets, not yet confirmed sent by the payout rail. */
    public static final String PAYOUTS_IN_TRANSIT = "PLATFORM:PAYOUTS-IN-TRANSIT";
    /** The outside world payouts go to (providers' bank and payment accounts). */
    public static final String PAYOUTS = "EXTERNAL:PAYOUTS";

    private AccountCodes() {
    }

    public static String of(long organizationId, AccountKind kind) {
        return "ORG:" + organizationId + ":" + kind.name();
    }

    public static String available(long organizationId) {
        return of(organizationId, AccountKind.AVAILABLE);
    }

    public static String held(long organizationId) {
        return of(organizationId, AccountKind.HELD);
    }

    public static String escrow(long organizationId) {
        return of(organizationId, AccountKind.ESCROW);
    }
}
