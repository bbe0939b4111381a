package dev.cpx.settlement.metering;

/** Which side of a contract measured a usage record: the two independent sources of reconciliation. */
public enum UsageSource {
    PROVIDER,
    BUYER
}
