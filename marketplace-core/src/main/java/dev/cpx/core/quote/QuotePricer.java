package dev.cpx.core.quote;

import dev.cpx.core.market.BookView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prices a job shape: every class, region and whole-hour start whose window the listed instruments tile exactly,
 * each instrument's cost found by walking its asks for the GPUs the class needs. Pure: no clock, no I/O; the
 * instruments and asks are handed in. Works for any instrument length (hours, days), as long as a window starts and
 * ends on instrument boundaries.
 */
public final class QuotePricer {

    private static final long HOUR_MILLIS = 3_600_000L;

    /**
     * Candidates cheapest total first; unpriced ones last; ties feasible first, then by start, class, region. Written
     * out rather than chained: a quote sorts up to a few thousand candidates, and the chained comparator's lambdas
     * and boxing were a sixth of a quote's time.
     */
    public static final Comparator<Candidate> ORDER = QuotePricer::compare;

    private static int compare(Candidate a, Candidate b) {
        Long x = a.totalMinor();
        Long y = b.totalMinor();
        if (x == null || y == null) {
            if (x != y) {
                return x == null ? 1 : -1;
            }
        } else if (x.longValue() != y.longValue()) {
            return x < y ? -1 : 1;
        }
        if (a.feasible() != b.feasible()) {
            return a.feasible() ? -1 : 1;
        }
        int byStart = a.start().compareTo(b.start());
        if (byStart != 0) {
            return byStart;
        }
        int byClass = a.computeClass().compareTo(b.computeClass());
        return byClass != 0 ? byClass : a.region().compareTo(b.region());
    }

    private QuotePricer() {
    }

    /** A compute class as a quote needs it. */
    public record ClassSpec(String code, BigDecimal scuPerGpu, int memoryGb) {
    }

    /** A listed instrument delivering {@code [startMillis, endMillis)}, open for trading before its gate closes. */
    public record Slot(long instrumentId, long startMillis, long endMillis, long gateClosureMillis) {
    }

    /** The instruments of one class and region, sorted by delivery start, never overlapping. */
    public interface Calendar {
        List<Slot> slots(String computeClass, String region);
    }

    /** The ask levels, best first, of those of the instruments that have asks. */
    public interface Asks {
        Map<Long, List<BookView.Level>> of(Collection<Long> instrumentIds);
    }

    /** GPUs of a class the shape needs: its GPU count, or its SCU over the class's SCU per GPU rounded up exactly. */
    public static long gpusFor(JobShape shape, BigDecimal scuPerGpu) {
        if (shape.gpus() != null) {
            return shape.gpus();
        }
        return shape.scu().divide(scuPerGpu, 0, RoundingMode.CEILING).longValueExact();
    }

    public static List<Candidate> price(JobShape shape, List<ClassSpec> classes, List<String> regions,
                                        Calendar calendar, Asks asks, long nowMillis) {
        long earliest = shape.earliestStart().toEpochMilli();
        long latest = shape.latestStart().toEpochMilli();
        long duration = shape.durationHours() * HOUR_MILLIS;
        var series = new ArrayList<Series>();
        Set<Long> ids = new HashSet<>();
        for (ClassSpec spec : classes) {
            for (String region : regions) {
                List<Slot> slots = calendar.slots(spec.code(), region);
                int lo = firstStartingAtOrAfter(slots, earliest);
                int hi = firstStartingAtOrAfter(slots, latest + duration);
                if (hi > lo) {
                    var window = slots.subList(lo, hi);
                    window.forEach(slot -> ids.add(slot.instrumentId()));
                    series.add(new Series(spec, region, window));
                }
            }
        }
        Map<Long, List<BookView.Level>> depth = ids.isEmpty() ? Map.of() : asks.of(ids);
        var candidates = new ArrayList<Candidate>();
        for (Series one : series) {
            one.candidates(shape, depth, nowMillis, earliest, latest, duration, candidates);
        }
        candidates.sort(ORDER);
        return candidates;
    }

    private static int firstStartingAtOrAfter(List<Slot> slots, long millis) {
        int lo = 0;
        int hi = slots.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (slots.get(mid).startMillis() < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** What {@code gpus} GPUs cost for one hour from these asks, in ticks; -1 when they hold fewer. */
    static long hourCostTicks(List<BookView.Level> levels, long gpus) {
        long left = gpus;
        long cost = 0;
        for (BookView.Level level : levels) {
            long take = Math.min(left, level.quantity());
            cost = Math.addExact(cost, Math.multiplyExact(take, level.priceTicks()));
            left -= take;
            if (left == 0) {
                return cost;
            }
        }
        return -1;
    }

    /** One class and region's instruments that may lie in a window of the shape, with prefix sums over them. */
    private record Series(ClassSpec spec, String region, List<Slot> slots) {

        void candidates(JobShape shape, Map<Long, List<BookView.Level>> depth, long nowMillis, long earliest,
                        long latest, long duration, List<Candidate> out) {
            long gpus = gpusFor(shape, spec.scuPerGpu());
            int n = slots.size();
            long[] starts = new long[n];
            long[] ends = new long[n];
            int[] run = new int[n];
            long[] costMinor = new long[n + 1];
            int[] thin = new int[n + 1];
            int[] closed = new int[n + 1];
            for (int k = 0; k < n; k++) {
                Slot slot = slots.get(k);
                starts[k] = slot.startMillis();
                ends[k] = slot.endMillis();
                run[k] = k > 0 && slot.startMillis() == ends[k - 1] ? run[k - 1] : k;
                long hourCost = hourCostTicks(depth.getOrDefault(slot.instrumentId(), List.of()), gpus);
                long hours = (slot.endMillis() - slot.startMillis()) / HOUR_MILLIS;
                costMinor[k + 1] = costMinor[k] + (hourCost < 0 ? 0 : Math.multiplyExact(hourCost, hours));
                thin[k + 1] = thin[k] + (hourCost < 0 ? 1 : 0);
                closed[k + 1] = closed[k] + (nowMillis < slot.gateClosureMillis() ? 0 : 1);
            }
            String classReason = classReason(shape, spec);
            for (long start = earliest; start <= latest; start += HOUR_MILLIS) {
                int i = Arrays.binarySearch(starts, start);
                int j = Arrays.binarySearch(ends, start + duration);
                if (i < 0 || j < i || run[i] != run[j] || closed[j + 1] - closed[i] > 0) {
                    continue;
                }
                Long total = thin[j + 1] - thin[i] > 0 ? null : costMinor[j + 1] - costMinor[i];
                String reason = classReason != null ? classReason : total == null ? Candidate.NO_CAPACITY
                        : overPrice(shape, total, gpus) ? Candidate.OVER_PRICE : null;
                out.add(new Candidate(spec.code(), region, Instant.ofEpochMilli(start),
                        Instant.ofEpochMilli(start + duration), gpus, spec.scuPerGpu(), total, reason));
            }
        }

        private static String classReason(JobShape shape, ClassSpec spec) {
            if (shape.minMemoryGb() != null && spec.memoryGb() < shape.minMemoryGb()) {
                return Candidate.MEMORY;
            }
            if (shape.minScuPerGpu() != null && spec.scuPerGpu().compareTo(shape.minScuPerGpu()) < 0) {
                return Candidate.MIN_SCU;
            }
            return null;
        }

        private static boolean overPrice(JobShape shape, long totalMinor, long gpus) {
            return shape.maxPricePerGpuHourTicks() != null && totalMinor > Math.multiplyExact(
                    shape.maxPricePerGpuHourTicks(), gpus * shape.durationHours());
        }
    }
}
