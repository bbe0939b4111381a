package dev.cpx.settlement.metering;

import java.math.BigDecimal;
import java.time.Instant;

/** One heartbeat as sent by a provider's agent. */
public record HeartbeatInput(String cpid, Instant at, String status, BigDecimal gpuUtilization) {
}
