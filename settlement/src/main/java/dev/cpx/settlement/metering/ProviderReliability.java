package dev.cpx.settlement.metering;

import java.math.BigDecimal;

/**
 * Share of contracted GPU-time the provider reported delivering on contracts whose delivery ended in the last
 * 30 days; {@code share} is null when it had no such contract.
 */
public record ProviderReliability(String provider, long contractedGpuSeconds, long deliveredGpuSeconds,
                                  BigDecimal share) {
}
