package dev.cpx.core.market;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * How many whole nodes a contract takes: enough GPUs to reach its quantity, and no node it does not need.
 * Nodes come whole, so the total may overshoot the quantity, but by less than the smallest node: without any one
 * of the nodes the contract would be short. A 5-GPU contract takes one 8-GPU node; a 12-GPU one two; never three.
 */
final class AllocationRule {

    private AllocationRule() {
    }

    /** Why {@code addedGpus} may not join {@code allocatedGpus} on a contract of {@code quantity} GPUs, if they may not. */
    static Optional<String> refusal(long quantity, List<Long> allocatedGpus, List<Long> addedGpus) {
        long allocated = allocatedGpus.stream().mapToLong(Long::longValue).sum();
        if (allocated >= quantity) {
            return Optional.of("the contract already has " + allocated + " GPUs allocated for its " + quantity
                    + "; no further node is needed");
        }
        long total = allocated + addedGpus.stream().mapToLong(Long::longValue).sum();
        if (total < quantity) {
            return Optional.of("these nodes bring the contract to " + total + " GPUs; it needs " + quantity);
        }
        long smallest = LongStream.concat(allocatedGpus.stream().mapToLong(Long::longValue),
                addedGpus.stream().mapToLong(Long::longValue)).min().orElseThrow();
        if (total - smallest >= quantity) {
            return Optional.of("these nodes bring the contract to " + total + " GPUs for the " + quantity
                    + " it needs, so at least one node of " + smallest + " GPUs is not needed; give nodes that reach "
                    + quantity + " GPUs with less than one node to spare");
        }
        return Optional.empty();
    }
}
