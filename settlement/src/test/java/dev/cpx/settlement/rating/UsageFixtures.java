package dev.cpx.settlement.rating;

import dev.cpx.settlement.rating.ContractUsage.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Contracts and usage for rating tests: hand-made ones, and random ones from a seed. */
public final class UsageFixtures {

    public static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final long HOUR = 3600;
    public static final RatingRules RULES = new RatingRules(60, 20, 50);

    private UsageFixtures() {
    }

    static ContractUsage contract(long quantity, long hours, Map<Long, Integer> nodes, List<Usage> provider,
                                  List<Usage> buyer) {
        return new ContractUsage(1, quantity, quantity * hours * 200, DAY, DAY.plusSeconds(hours * HOUR), nodes,
                provider, buyer);
    }

    static Usage usage(long node, long fromSecond, long toSecond, long gpuSeconds) {
        return new Usage(node, DAY.plusSeconds(fromSecond), DAY.plusSeconds(toSecond), gpuSeconds);
    }

    /** One record per hour from {@code fromHour} (inclusive) to {@code toHour}, each at {@code gpus} GPUs in use. */
    static List<Usage> hourly(long node, int fromHour, int toHour, long gpus) {
        var records = new ArrayList<Usage>();
        for (int h = fromHour; h < toHour; h++) {
            records.add(usage(node, h * HOUR, (h + 1) * HOUR, gpus * HOUR));
        }
        return records;
    }

    /**
     * A random contract: 1-5 hours (sometimes with a ragged last hour), 1-3 nodes of 4 or 8 GPUs that may give
     * more than the quantity, and from each side a random set of records with gaps, partly overlapping the other
     * side's, of any figure up to full use; now and then a side sends nothing, or a record overlaps its own side's.
     */
    public static ContractUsage random(Random random) {
        long window = (1 + random.nextInt(5)) * HOUR - (random.nextInt(4) == 0 ? 1 + random.nextInt(1800) : 0);
        var nodes = new LinkedHashMap<Long, Integer>();
        int nodeCount = 1 + random.nextInt(3);
        int gpus = 0;
        for (int n = 0; n < nodeCount; n++) {
            int size = random.nextBoolean() ? 4 : 8;
            nodes.put(100L + n, size);
            gpus += size;
        }
        long quantity = 1 + random.nextInt(gpus);
        long value = quantity * 100 + random.nextInt(1_000_000);
        return new ContractUsage(random.nextInt(1000), quantity, value, DAY, DAY.plusSeconds(window), nodes,
                records(random, window, nodes), records(random, window, nodes));
    }

    private static List<Usage> records(Random random, long window, Map<Long, Integer> nodes) {
        var records = new ArrayList<Usage>();
        if (random.nextInt(6) == 0) {
            return records;
        }
        for (var node : nodes.entrySet()) {
            long at = random.nextInt(3) == 0 ? random.nextInt((int) Math.min(window, 2 * HOUR)) : 0;
            while (at < window) {
                long length = Math.min(window - at, 1 + random.nextInt(random.nextBoolean() ? 600 : (int) (2 * HOUR)));
                long capacity = node.getValue() * length;
                long gpuSeconds = switch (random.nextInt(4)) {
                    case 0 -> capacity;
                    case 1 -> 0;
                    default -> (long) (random.nextDouble() * capacity);
                };
                if (random.nextInt(5) != 0) {
                    records.add(usage(node.getKey(), at, at + length, gpuSeconds));
                }
                at += length + (random.nextInt(3) == 0 ? random.nextInt(900) : 0);
            }
            if (!records.isEmpty() && random.nextInt(20) == 0) {
                Usage copy = records.get(random.nextInt(records.size()));
                records.add(new Usage(copy.nodeId(), copy.start(), copy.end(), copy.gpuSeconds() / 2));
            }
        }
        return records;
    }
}
