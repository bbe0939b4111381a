package dev.cpx.benchmarks.load;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a measured phase saw: a latency per request (nanoseconds, from the moment it was due: in a paced run a late
 * start counts, so a stalled server cannot hide behind its own backlog), answers by HTTP status, and how many
 * acknowledged orders traded at once.
 */
final class LoadResults {

    /** Status recorded for a request that got no HTTP answer (I/O error, timeout). */
    static final int NO_ANSWER = -1;

    private final AtomicLongArray latencyNanos;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder traded = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Map<Integer, String> firstErrors = new ConcurrentHashMap<>();

    LoadResults(int capacity) {
        this.latencyNanos = new AtomicLongArray(capacity);
    }

    void record(int index, long latency, int status, boolean tradedAtOnce) {
        latencyNanos.set(index, latency);
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (tradedAtOnce) {
            traded.increment();
        }
        completed.increment();
    }

    /** Keeps the first error answer of each status, to show what went wrong. */
    void error(int status, String detail) {
        firstErrors.putIfAbsent(status, detail.length() > 300 ? detail.substring(0, 300) : detail);
    }

    Map<Integer, String> firstErrors() {
        return new TreeMap<>(firstErrors);
    }

    long completed() {
        return completed.sum();
    }

    long acknowledged() {
        return count(201) + count(200);
    }

    long count(int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    /** Errors by status: everything but 200 and 201. */
    Map<Integer, Long> errors() {
        var errors = new TreeMap<Integer, Long>();
        statuses.forEach((status, n) -> {
            if (status != 200 && status != 201) {
                errors.put(status, n.sum());
            }
        });
        return errors;
    }

    double tradedShare() {
        long acknowledged = acknowledged();
        return acknowledged == 0 ? 0 : (double) traded.sum() / acknowledged;
    }

    /** Latency percentiles in milliseconds over the recorded requests: p50, p90, p99, p99.9, max. */
    double[] percentilesMillis() {
        int n = (int) completed();
        long[] sorted = new long[n];
        int filled = 0;
        for (int i = 0; i < latencyNanos.length() && filled < n; i++) {
            long value = latencyNanos.get(i);
            if (value > 0) {
                sorted[filled++] = value;
            }
        }
        Arrays.sort(sorted, 0, filled);
        if (filled == 0) {
            return new double[5];
        }
        return new double[] {at(sorted, filled, 0.50), at(sorted, filled, 0.90), at(sorted, filled, 0.99),
                at(sorted, filled, 0.999), sorted[filled - 1] / 1e6};
    }

    private static double at(long[] sorted, int n, double quantile) {
        int index = (int) Math.min(n - 1, Math.ceil(quantile * n) - 1);
        return sorted[Math.max(index, 0)] / 1e6;
    }
}
