/** The double-entry ledger: accounts per organization and of the platform, journal entries whose lines sum to zero, holds. */
@org.springframework.modulith.ApplicationModule(displayName = "Ledger")
package dev.cpx.core.ledger;
