package dev.cpx.web.security;

/**
 * Who may call each API endpoint, in one place. People act through their roles ({@code ROLE_*}); keys act
 * through their permissions ({@code SCOPE_*}) and never through a role, so a key does exactly what its
 * permissions name and no more: {@code trade} places, amends and cancels orders, registers nodes and allocates
 * them; {@code meter} only sends usage and heartbeats; {@code read} reads the organization's own orders,
 * contracts, nodes, account and top-ups; {@code finance} reads what {@code read} reads plus statements,
 * discrepancies and reports, opens disputes and tops up; {@code admin} operates the platform. Both act only
 * within what their organization is ({@code ORG_*}). docs/api.md carries the same table.
 */
public final class ApiAccess {

    private static final String KEY_READS = "hasAnyAuthority('SCOPE_READ', 'SCOPE_FINANCE')";
    private static final String FINANCE_KEY = "hasAuthority('SCOPE_FINANCE')";

    /** The organization's own orders, contracts, account and top-ups: any of its people, or a read key. */
    public static final String READ = "hasAuthority('" + CpxPrincipal.PERSON + "') or " + KEY_READS;

    /** Anyone signed in, person or key of any permission: what reads the market for the caller (quotes). */
    public static final String SIGNED_IN = "isAuthenticated()";

    /** Place, amend and cancel orders. */
    public static final String TRADE = "hasAnyRole('TRADER', 'PROVIDER_OPS') or (hasAuthority('SCOPE_TRADE') "
            + "and hasAnyAuthority('ORG_BUYER', 'ORG_PROVIDER'))";

    /** Allocate own nodes to a contract one provides. */
    public static final String ALLOCATE = "hasRole('PROVIDER_OPS') or (hasAuthority('SCOPE_TRADE') "
            + "and hasAuthority('ORG_PROVIDER'))";

    /** Register a provider's nodes: its operations side, so a trade key. */
    public static final String REGISTER_NODES = "hasAuthority('ORG_PROVIDER') and (hasAnyRole('PROVIDER_OPS', "
            + "'ORG_ADMIN') or hasAuthority('SCOPE_TRADE'))";

    /** List a provider's own nodes. */
    public static final String READ_NODES = "hasAuthority('ORG_PROVIDER') and (hasAnyRole('PROVIDER_OPS', "
            + "'ORG_ADMIN') or " + KEY_READS + ")";

    /** Usage records, as the contract's provider or buyer. */
    public static final String USAGE = "hasAnyRole('PROVIDER_OPS', 'TRADER') or hasAuthority('SCOPE_METER')";

    /** Heartbeats of a provider's nodes. */
    public static final String HEARTBEATS = "hasAuthority('ORG_PROVIDER') and (hasRole('PROVIDER_OPS') "
            + "or hasAuthority('SCOPE_METER'))";

    /** Statements, discrepancies and reports (the organization's own unless it is the platform). */
    public static final String FINANCE = "hasRole('FINANCE') or " + FINANCE_KEY;

    /** Run settlement: open, rerun and close periods, resolve disputes, confirm transfers. */
    public static final String PLATFORM_FINANCE = "hasAuthority('ORG_PLATFORM') and (" + FINANCE + ")";

    /** Open and list disputes: people of either side of the contract, or a finance key. */
    public static final String DISPUTES = "hasAnyRole('FINANCE', 'TRADER', 'PROVIDER_OPS') or " + FINANCE_KEY;

    /** Top up a buyer's wallet. */
    public static final String TOP_UP = "hasAuthority('ORG_BUYER') and (hasAnyRole('TRADER', 'FINANCE', "
            + "'ORG_ADMIN') or " + FINANCE_KEY + ")";

    /**
     * Set a buyer's spend limits: its traders, finance and administrators, or a finance key. Not a trade key: the
     * limits are the brake on a trading system, which must not be able to lift them itself.
     */
    public static final String SPEND_LIMITS = "hasAuthority('ORG_BUYER') and (hasAnyRole('TRADER', 'FINANCE', "
            + "'ORG_ADMIN') or hasAuthority('SCOPE_FINANCE'))";

    /** Change the organization's billing profile: its finance or administrators, or a finance key. */
    public static final String BILLING_PROFILE = "hasAnyRole('FINANCE', 'ORG_ADMIN') or " + FINANCE_KEY;

    /** Set where a provider's payouts go: its finance or administrators, or a finance key. */
    public static final String PAYOUT_ACCOUNT = "hasAuthority('ORG_PROVIDER') and (hasAnyRole('FINANCE', "
            + "'ORG_ADMIN') or " + FINANCE_KEY + ")";

    /** Operate the platform. */
    public static final String PLATFORM_ADMIN = "hasRole('PLATFORM_ADMIN') or (hasAuthority('ORG_PLATFORM') "
            + "and hasAuthority('SCOPE_ADMIN'))";

    private ApiAccess() {
    }
}
