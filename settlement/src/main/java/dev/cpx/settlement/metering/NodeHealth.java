package dev.cpx.settlement.metering;

import java.math.BigDecimal;
import java.time.Instant;

/** A node's live status: UP, DEGRADED or DOWN as last reported, DOWN when silent too long, UNKNOWN when never heard. */
public record NodeHealth(String cpid, String status, Instant lastSeen, BigDecimal gpuUtilization) {
}
