package dev.cpx.core.quote;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a buyer needs: {@code gpus} GPUs of any class, or {@code scu} standard compute units in total (exactly one of
 * them), for {@code durationHours} starting on a whole hour in {@code [earliestStart, latestStart]}. Empty lists mean
 * every class or region; null bounds mean none. Checked by {@link QuoteService}.
 */
public record JobShape(Long gpus, BigDecimal scu, int durationHours, Instant earliestStart, Instant latestStart,
                       List<String> computeClasses, BigDecimal minScuPerGpu, Integer minMemoryGb, List<String> regions,
                       Long maxPricePerGpuHourTicks) {

    public JobShape {
        computeClasses = computeClasses == null ? List.of() : List.copyOf(computeClasses);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }
}
