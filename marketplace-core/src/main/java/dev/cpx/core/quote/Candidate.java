package dev.cpx.core.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * One way to run the job: {@code gpus} GPUs of one class in one region over {@code [start, end)}, priced by walking
 * the asks of every instrument in the window. {@code totalMinor} is what the cheapest fill costs (fees excluded),
 * null when the books cannot fill it; {@code reason} says why an infeasible candidate is so, null when feasible.
 */
public record Candidate(String computeClass, String region, Instant start, Instant end, long gpus, BigDecimal scuPerGpu,
                        Long totalMinor, String reason) {

    public static final String NO_CAPACITY = "no-capacity";
    public static final String OVER_PRICE = "over-price";
    public static final String MEMORY = "memory";
    public static final String MIN_SCU = "min-scu";

    public boolean feasible() {
        return reason == null;
    }

    public long hours() {
        return java.time.Duration.between(start, end).toHours();
    }

    public long gpuHours() {
        return gpus * hours();
    }

    /** The highest average price per GPU-hour that stays within the total: a limit that never pays more. */
    public long limitPriceTicks() {
        return Math.ceilDiv(totalMinor, gpuHours());
    }

    /** Price per GPU-hour divided by the class's SCU per GPU, to 4 decimals: a comparison figure. */
    public BigDecimal pricePerScuHour() {
        if (totalMinor == null || scuPerGpu.signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(totalMinor, 2).divide(scuPerGpu.multiply(BigDecimal.valueOf(gpuHours())), 4,
                RoundingMode.HALF_UP);
    }
}
