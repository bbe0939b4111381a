package dev.cpx.settlement.metering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.metering.UsageRecordInput;
import dev.cpx.settlement.metering.UsageSource;
import dev.cpx.settlement.rating.ContractUsage;
import dev.cpx.settlement.rating.Rating;
import dev.cpx.settlement.rating.UsageFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Usage arriving late, out of order, in random batches and sent again and again, checked the way ingestion checks
 * it (a stored record id is a duplicate, an overlap of the same side is refused): what is stored rates exactly as
 * the records sent once, in order. Every assertion names its seed.
 */
class UsageBatchIdempotencyTests {

    private static final Instant NOW = UsageFixtures.DAY.plusSeconds(30 * 24 * 3600);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resentAndReorderedUsageRatesAsIfSentOnce(long seed) {
        Random random = new Random(seed);
        ContractUsage contract = UsageFixtures.random(random);
        Rating rating = new Rating(UsageFixtures.RULES);
        // Ingestion refuses a record overlapping its own side, so the contract as sent once keeps the first of each.
        ContractUsage once = withoutSelfOverlaps(contract);
        var sent = new ArrayList<Sent>();
        once.provider().forEach(u -> sent.add(new Sent(UsageSource.PROVIDER, u, "p-" + sent.size())));
        once.buyer().forEach(u -> sent.add(new Sent(UsageSource.BUYER, u, "b-" + sent.size())));
        var stream = new ArrayList<Sent>(sent);
        for (int i = 0, copies = random.nextInt(sent.size() + 1); i < copies; i++) {
            stream.add(sent.get(random.nextInt(sent.size())));
        }
        Collections.shuffle(stream, random);

        var store = new Store(contract);
        int accepted = 0;
        int duplicates = 0;
        for (int from = 0; from < stream.size(); ) {
            int to = Math.min(stream.size(), from + 1 + random.nextInt(7));
            for (UsageSource source : UsageSource.values()) {
                List<Sent> batch = stream.subList(from, to).stream().filter(s -> s.source() == source).toList();
                int[] counts = store.ingest(source, batch);
                accepted += counts[0];
                duplicates += counts[1];
            }
            from = to;
        }

        String at = "seed " + seed;
        assertThat(accepted).as(at + ": accepted").isEqualTo(sent.size());
        assertThat(duplicates).as(at + ": duplicates").isEqualTo(stream.size() - sent.size());
        assertThat(rating.rate(store.contract())).as(at).isEqualTo(rating.rate(once));
    }

    record Sent(UsageSource source, ContractUsage.Usage usage, String recordId) {
    }

    /** What the database would hold: stored record ids and intervals per side, and the records themselves. */
    private static final class Store {
        private final ContractUsage contract;
        private final Set<String> ids = new HashSet<>();
        private final Map<String, TreeMap<Instant, Instant>> intervals = new HashMap<>();
        private final List<ContractUsage.Usage> provider = new ArrayList<>();
        private final List<ContractUsage.Usage> buyer = new ArrayList<>();

        Store(ContractUsage contract) {
            this.contract = contract;
        }

        int[] ingest(UsageSource source, List<Sent> records) {
            var nodes = new HashMap<String, long[]>();
            contract.nodeGpus().forEach((node, gpus) -> nodes.put("N" + node, new long[] {node, gpus}));
            var side = new UsageBatch.ContractSide(contract.contractId(), source, contract.deliveryStart(),
                    contract.deliveryEnd(), nodes, null);
            var copies = new HashMap<String, TreeMap<Instant, Instant>>();
            intervals.forEach((k, v) -> copies.put(k, new TreeMap<>(v)));
            var batch = new UsageBatch(UsageBatch.index(List.of(side)), Set.copyOf(ids), copies);
            int duplicates = 0;
            for (Sent sent : records) {
                ContractUsage.Usage u = sent.usage();
                var verdict = batch.check(new UsageRecordInput(sent.recordId(), contract.contractId(),
                        "N" + u.nodeId(), u.start(), u.end(), u.gpuSeconds()), NOW);
                switch (verdict) {
                    case UsageBatch.Verdict.Accepted ok -> batch.accept(ok);
                    case UsageBatch.Verdict.Duplicate dup -> duplicates++;
                    case UsageBatch.Verdict.Rejected no -> throw new AssertionError(no.reason());
                }
            }
            for (var ok : batch.accepted()) {
                ids.add(ok.source() + "|" + ok.recordId());
                intervals.computeIfAbsent(UsageBatch.intervalKey(ok.contractId(), ok.nodeId(), ok.source()),
                        k -> new TreeMap<>()).put(ok.start(), ok.end());
                (source == UsageSource.PROVIDER ? provider : buyer).add(new ContractUsage.Usage(ok.nodeId(),
                        ok.start(), ok.end(), ok.gpuSeconds()));
            }
            return new int[] {batch.accepted().size(), duplicates};
        }

        ContractUsage contract() {
            return new ContractUsage(contract.contractId(), contract.quantity(), contract.valueMinor(),
                    contract.deliveryStart(), contract.deliveryEnd(), contract.nodeGpus(), provider, buyer);
        }
    }

    private static ContractUsage withoutSelfOverlaps(ContractUsage c) {
        return new ContractUsage(c.contractId(), c.quantity(), c.valueMinor(), c.deliveryStart(), c.deliveryEnd(),
                c.nodeGpus(), firstOfOverlaps(c.provider()), firstOfOverlaps(c.buyer()));
    }

    private static List<ContractUsage.Usage> firstOfOverlaps(List<ContractUsage.Usage> records) {
        var kept = new ArrayList<ContractUsage.Usage>();
        for (ContractUsage.Usage r : records) {
            if (kept.stream().noneMatch(k -> k.nodeId() == r.nodeId() && k.start().isBefore(r.end())
                    && r.start().isBefore(k.end()))) {
                kept.add(r);
            }
        }
        return kept;
    }
}
