/** Settlement periods: rating and reconciliation runs, statements, netting, close with content hash, disputes. */
@org.springframework.modulith.ApplicationModule(displayName = "Settlement periods")
package dev.cpx.settlement.period;
