/** Metering: usage records from providers and buyers, node heartbeats, live node status and provider reliability. */
@org.springframework.modulith.ApplicationModule(displayName = "Metering")
package dev.cpx.settlement.metering;
