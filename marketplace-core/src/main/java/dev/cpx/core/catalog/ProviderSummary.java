package dev.cpx.core.catalog;

import java.util.List;

/** A provider as the public catalog shows it: where it has capacity, of which classes, on which nodes. */
public record ProviderSummary(String code, String name, List<String> regions, List<CapacityRow> capacity,
                              List<NodeView> nodes) {

    public long gpuCount() {
        return capacity.stream().mapToLong(CapacityRow::gpus).sum();
    }
}
