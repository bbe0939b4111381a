package dev.cpx.benchmarks.load;

import dev.cpx.core.market.BookView;
import dev.cpx.core.quote.JobShape;
import dev.cpx.core.quote.QuotePricer;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The quote's pricing alone, in process: 30,000 hourly instruments (14 classes x 6 regions x 358 hours) with 1-4
 * ask levels each, and the shapes of {@link QuoteLoad} (1 or 2 GPUs, 1-4 hours, 1-24 starts, every class and region).
 * Reports the CPU time of the pricing thread per quote, which a busy machine does not inflate as it does wall time.
 * <pre>
 * QuotePricing [QUOTES] [WARMUP]
 * </pre>
 */
public final class QuotePricing {

    private static final int CLASS_REGIONS = 14 * 6;
    private static final int HOURS = 358;
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long FIRST = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    public static void main(String[] args) {
        int quotes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        var random = new Random(20261207L);
        var classes = new ArrayList<QuotePricer.ClassSpec>();
        for (int c = 0; c < 14; c++) {
            classes.add(new QuotePricer.ClassSpec("C" + c, BigDecimal.valueOf(100 + c * 50, 2), 80));
        }
        List<String> regions = List.of("R0", "R1", "R2", "R3", "R4", "R5");
        Map<String, List<QuotePricer.Slot>> slots = new HashMap<>();
        Map<Long, List<BookView.Level>> asks = new HashMap<>();
        long id = 1;
        for (var spec : classes) {
            for (String region : regions) {
                var list = new ArrayList<QuotePricer.Slot>(HOURS);
                for (int h = 0; h < HOURS; h++) {
                    long start = FIRST + h * HOUR_MILLIS;
                    list.add(new QuotePricer.Slot(id, start, start + HOUR_MILLIS, start - HOUR_MILLIS));
                    var levels = new ArrayList<BookView.Level>();
                    for (int l = 0; l < 1 + random.nextInt(4); l++) {
                        levels.add(new BookView.Level(61 + l * 3 + random.nextInt(3), 1 + random.nextInt(4), 1));
                    }
                    asks.put(id++, List.copyOf(levels));
                }
                slots.put(spec.code() + "|" + region, List.copyOf(list));
            }
        }
        System.out.printf("instruments=%d%n", CLASS_REGIONS * HOURS);
        QuotePricer.Calendar calendar = (c, r) -> slots.getOrDefault(c + "|" + r, List.of());
        // As the market's snapshots answer: one map lookup per instrument.
        QuotePricer.Asks source = ids -> {
            var found = new HashMap<Long, List<BookView.Level>>(ids.size() * 2);
            ids.forEach(i -> found.put(i, asks.get(i)));
            return found;
        };
        var threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[quotes];
        long[] wall = new long[quotes];
        long candidates = 0;
        for (int i = -warmup; i < quotes; i++) {
            var shape = shape(new Random(i * 31L + 7));
            long cpuAt = threads.getCurrentThreadCpuTime();
            long wallAt = System.nanoTime();
            int priced = QuotePricer.price(shape, classes, regions, calendar, source, FIRST - 2 * HOUR_MILLIS).size();
            if (i >= 0) {
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuAt;
                wall[i] = System.nanoTime() - wallAt;
                candidates += priced;
            }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("RESULT pricing quotes=%d candidates_per_quote=%.0f cpu_p50_ms=%.2f cpu_p99_ms=%.2f "
                        + "cpu_max_ms=%.2f wall_p50_ms=%.2f wall_p99_ms=%.2f%n", quotes, candidates / (double) quotes,
                ms(cpu, 0.5), ms(cpu, 0.99), cpu[quotes - 1] / 1e6, ms(wall, 0.5), ms(wall, 0.99));
    }

    private static JobShape shape(Random random) {
        Instant earliest = Instant.ofEpochMilli(FIRST + HOUR_MILLIS * random.nextInt(HOURS - 30));
        return new JobShape(1L + random.nextInt(2), null, 1 + random.nextInt(4), earliest,
                earliest.plusMillis(HOUR_MILLIS * random.nextInt(24)), null, null, null, null, null);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
