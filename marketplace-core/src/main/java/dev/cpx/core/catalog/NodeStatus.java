package dev.cpx.core.catalog;

/** Whether a node can be sold; metering will add its live health beside this. */
public enum NodeStatus {
    ACTIVE,
    RETIRED
}
