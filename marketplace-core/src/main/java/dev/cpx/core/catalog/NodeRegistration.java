package dev.cpx.core.catalog;

/** A provider's request to register one node. */
public record NodeRegistration(Cpid cpid, String computeClass, int gpuCount) {
}
