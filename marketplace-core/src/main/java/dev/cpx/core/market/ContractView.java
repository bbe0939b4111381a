package dev.cpx.core.market;

import java.time.Instant;
import java.util.List;

/** A contract between a buyer and a provider, with the nodes the provider allocated to it. */
public record ContractView(long contractId, String instrument, String buyer, String provider, long quantity,
                           long priceTicks, Instant deliveryStart, Instant deliveryEnd, long valueMinor,
                           String status, List<String> allocations, long allocatedGpus, String project) {
}
