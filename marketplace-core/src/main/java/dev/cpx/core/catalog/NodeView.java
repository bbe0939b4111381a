package dev.cpx.core.catalog;

import java.time.Instant;

/** A registered node: one machine of one compute class, identified by its CPID. */
public record NodeView(long id, String cpid, String provider, String computeClass, String region, String site,
                       int gpuCount, NodeStatus status, Instant registeredAt) {
}
