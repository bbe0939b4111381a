/** Alerts: an organization's low balance, spend over its threshold, closed periods and SLA credits, by e-mail and signed webhook, each delivered once. */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts")
package dev.cpx.settlement.alerts;
