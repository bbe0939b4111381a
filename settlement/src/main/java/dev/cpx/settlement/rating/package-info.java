/** Rating and reconciliation arithmetic: delivered GPU-time per contract from two sources, discrepancies, SLA credits. Pure Java. */
@org.springframework.modulith.ApplicationModule(displayName = "Rating", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.cpx.settlement.rating;
