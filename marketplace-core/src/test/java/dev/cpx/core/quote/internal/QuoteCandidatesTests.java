package dev.cpx.core.quote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.quote.Candidate;
import dev.cpx.core.quote.QuotePricer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A quote's candidates survive their one-column form exactly, and the pricer's order is the documented one. */
class QuoteCandidatesTests {

    /** The order as documented: cheapest total first, unpriced last, feasible first, then start, class, region. */
    private static final Comparator<Candidate> DOCUMENTED = Comparator
            .comparing(Candidate::totalMinor, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(c -> !c.feasible())
            .thenComparing(Candidate::start)
            .thenComparing(Candidate::computeClass)
            .thenComparing(Candidate::region);

    static List<Long> seeds() {
        return java.util.stream.LongStream.range(1, 101).boxed().toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void candidatesReadBackAsStored(long seed) {
        List<Candidate> stored = random(new Random(seed), true);
        assertThat(QuoteStore.decode(QuoteStore.encode(stored))).as("seed %d", seed).isEqualTo(stored);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOrderIsTheDocumentedOne(long seed) {
        List<Candidate> candidates = random(new Random(seed), false);
        for (Candidate a : candidates) {
            for (Candidate b : candidates) {
                assertThat(Integer.signum(QuotePricer.ORDER.compare(a, b))).as("seed %d: %s vs %s", seed, a, b)
                        .isEqualTo(Integer.signum(DOCUMENTED.compare(a, b)));
            }
        }
    }

    /** Feasible candidates (as a quote keeps them) or a mix with unpriced and refused ones, with many ties. */
    private static List<Candidate> random(Random random, boolean feasibleOnly) {
        String[] classes = {"H100-SXM-80G", "A100-SXM-80G", "RTX4090-24G"};
        String[] regions = {"CN-EAST", "CN-WEST", "US-WEST"};
        String[] reasons = {Candidate.NO_CAPACITY, Candidate.OVER_PRICE, Candidate.MEMORY};
        var candidates = new ArrayList<Candidate>();
        long base = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
            Instant start = Instant.ofEpochMilli(base + random.nextInt(6) * 3_600_000L);
            Instant end = start.plusSeconds(3_600L * (1 + random.nextInt(48)));
            Long total = !feasibleOnly && random.nextInt(5) == 0 ? null : (long) random.nextInt(5) * 1_000;
            String reason = feasibleOnly || total == null ? (total == null ? reasons[0] : null)
                    : random.nextInt(3) == 0 ? reasons[random.nextInt(reasons.length)] : null;
            candidates.add(new Candidate(classes[random.nextInt(classes.length)],
                    regions[random.nextInt(regions.length)], start, end, 1 + random.nextInt(64),
                    new BigDecimal(random.nextBoolean() ? "9.89" : "3.12"), total, reason));
        }
        return candidates;
    }
}
