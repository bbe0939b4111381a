/** Payments: wallet top-ups through Stripe (or manual bank transfers without it) and Stripe webhooks applied once. */
@org.springframework.modulith.ApplicationModule(displayName = "Payments")
package dev.cpx.settlement.payments;
