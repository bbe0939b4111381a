package dev.cpx.settlement.rating;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contract with what rating needs: its terms, the GPUs of each allocated node, and the usage records of both
 * sources. Amounts in minor units.
 */
public record ContractUsage(long contractId, long quantity, long valueMinor, Instant deliveryStart,
                            Instant deliveryEnd, Map<Long, Integer> nodeGpus, List<Usage> provider,
                            List<Usage> buyer) {

    /** One usage record: GPU-seconds a node gave over an interval. */
    public record Usage(long nodeId, Instant start, Instant end, long gpuSeconds) {
    }
}
