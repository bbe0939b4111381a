package dev.cpx.settlement.rating;

import java.util.Arrays;
import java.util.List;

/**
 * One node's usage over the delivery window, per hour and coverage. The window is cut at every hour and every
 * record edge of either source, so that each piece is covered by both sources, by one, or by none; a record's
 * GPU-seconds go to the pieces it spans in proportion to time, exactly.
 */
final class NodeHours {

    static final long HOUR_SECONDS = 3600;

    /** A record on the window's time line: seconds from the window's start, and what it reported. */
    record Span(long fromSecond, long toSecond, long gpuSeconds) {

        Span {
            if (toSecond <= fromSecond || gpuSeconds < 0) {
                throw new IllegalArgumentException("a usage span is a non-empty interval of non-negative GPU-seconds: "
                        + fromSecond + "-" + toSecond + " " + gpuSeconds);
            }
        }
    }

    /**
     * What one node gave in one hour: the two sources' figures over the part both covered ({@code bothCapacity}
     * is that part's GPU-seconds at full use, zero when there is none), each source's figure over the parts it
     * covered alone, and the hour's capacity.
     */
    record Hour(Exact bothProvider, Exact bothBuyer, long bothCapacity, Exact providerOnly, boolean providerAlone,
                Exact buyerOnly, boolean buyerAlone, long capacity) {

        boolean bothCovered() {
            return bothCapacity > 0;
        }
    }

    private NodeHours() {
    }

    static Hour[] of(long windowSeconds, int gpus, List<Span> provider, List<Span> buyer) {
        long[] cuts = cuts(windowSeconds, provider, buyer);
        Exact[] fromProvider = spread(cuts, windowSeconds, provider);
        Exact[] fromBuyer = spread(cuts, windowSeconds, buyer);
        int hourCount = (int) ((windowSeconds + HOUR_SECONDS - 1) / HOUR_SECONDS);
        var hours = new Hour[hourCount];
        int piece = 0;
        for (int h = 0; h < hourCount; h++) {
            long hourEnd = Math.min(windowSeconds, (h + 1) * HOUR_SECONDS);
            Exact bothProvider = Exact.ZERO;
            Exact bothBuyer = Exact.ZERO;
            Exact providerOnly = Exact.ZERO;
            Exact buyerOnly = Exact.ZERO;
            long bothCapacity = 0;
            boolean providerAlone = false;
            boolean buyerAlone = false;
            for (; piece < cuts.length - 1 && cuts[piece] < hourEnd; piece++) {
                // A source that overlapped itself (ingestion refuses it, a race could not) gives at most full use.
                long capacity = gpus * (cuts[piece + 1] - cuts[piece]);
                Exact p = fromProvider[piece] == null ? null : fromProvider[piece].min(capacity);
                Exact b = fromBuyer[piece] == null ? null : fromBuyer[piece].min(capacity);
                if (p != null && b != null) {
                    bothProvider = bothProvider.plus(p);
                    bothBuyer = bothBuyer.plus(b);
                    bothCapacity += capacity;
                } else if (p != null) {
                    providerOnly = providerOnly.plus(p);
                    providerAlone = true;
                } else if (b != null) {
                    buyerOnly = buyerOnly.plus(b);
                    buyerAlone = true;
                }
            }
            long capacity = gpus * (hourEnd - h * HOUR_SECONDS);
            hours[h] = new Hour(bothProvider, bothBuyer, bothCapacity, providerOnly, providerAlone, buyerOnly,
                    buyerAlone, capacity);
        }
        return hours;
    }

    /** Every hour boundary and record edge inside the window, sorted, without repeats. */
    private static long[] cuts(long windowSeconds, List<Span> provider, List<Span> buyer) {
        int hourCount = (int) ((windowSeconds + HOUR_SECONDS - 1) / HOUR_SECONDS);
        long[] all = new long[hourCount + 1 + 2 * (provider.size() + buyer.size())];
        int n = 0;
        for (int h = 0; h < hourCount; h++) {
            all[n++] = h * HOUR_SECONDS;
        }
        all[n++] = windowSeconds;
        for (List<Span> spans : List.of(provider, buyer)) {
            for (Span span : spans) {
                all[n++] = clip(span.fromSecond(), windowSeconds);
                all[n++] = clip(span.toSecond(), windowSeconds);
            }
        }
        return Arrays.stream(all, 0, n).sorted().distinct().toArray();
    }

    /** Each piece's share of the spans that cover it; null where none does. */
    private static Exact[] spread(long[] cuts, long windowSeconds, List<Span> spans) {
        var pieces = new Exact[cuts.length - 1];
        for (Span span : spans) {
            long from = clip(span.fromSecond(), windowSeconds);
            long to = clip(span.toSecond(), windowSeconds);
            long length = span.toSecond() - span.fromSecond();
            for (int i = Arrays.binarySearch(cuts, from); from < to && cuts[i] < to; i++) {
                Exact share = Exact.share(span.gpuSeconds(), cuts[i + 1] - cuts[i], length);
                pieces[i] = pieces[i] == null ? share : pieces[i].plus(share);
            }
        }
        return pieces;
    }

    private static long clip(long second, long windowSeconds) {
        return Math.clamp(second, 0, windowSeconds);
    }
}
