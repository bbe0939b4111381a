package dev.cpx.core.catalog;

/** Registered capacity of one organization for one class in one region. */
public record CapacityRow(String computeClass, String region, long nodes, long gpus) {
}
