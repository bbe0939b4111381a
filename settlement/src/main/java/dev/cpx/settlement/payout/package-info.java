/**
 * Payouts: each organization's net receivable of a closed period paid once, less what open disputes withhold,
 * debited from its wallet by the market core and sent over Stripe Connect or an ISO 20022 bank file.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payouts")
package dev.cpx.settlement.payout;
