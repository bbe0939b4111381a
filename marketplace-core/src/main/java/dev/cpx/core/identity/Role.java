package dev.cpx.core.identity;

/** What a person may do inside its organization. */
public enum Role {
    /** Buys capacity: places and cancels bids, sees contracts. */
    TRADER,
    /** Runs a provider's capacity: registers nodes, places asks, allocates nodes. */
    PROVIDER_OPS,
    /** Sees statements, reports and payments of its organization. */
    FINANCE,
    /** Manages the organization's users and API keys. */
    ORG_ADMIN,
    /** Operates the platform: taxonomy, calendar, fees, organizations. */
    PLATFORM_ADMIN
}
