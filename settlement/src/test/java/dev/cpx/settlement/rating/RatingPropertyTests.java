package dev.cpx.settlement.rating;

import static dev.cpx.settlement.rating.UsageFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.rating.ContractUsage.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rating on random contracts (both sides, gaps, overlaps, several nodes, ragged windows) against the second-by-second
 * reference, and the properties the rule promises. Every assertion names its seed: a failure replays with
 * {@code UsageFixtures.random(new Random(seed))}.
 */
class RatingPropertyTests {

    private final Rating rating = new Rating(RULES);

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithTheSecondBySecondReference(long seed) {
        ContractUsage contract = UsageFixtures.random(new Random(seed));

        RatedContract rated = rating.rate(contract);
        ReferenceRating.Result expected = ReferenceRating.rate(contract, RULES);

        String at = "seed " + seed;
        assertThat(rated.deliveredGpuSeconds()).as(at + ": delivered").isEqualTo(expected.deliveredGpuSeconds());
        assertThat(rated.slaCreditMinor()).as(at + ": credit").isEqualTo(expected.slaCreditMinor());
        assertThat(rated.coverage()).as(at + ": coverage").isEqualTo(expected.coverage());
        assertThat(rated.oneSidedProviderGpuSeconds()).as(at + ": provider alone")
                .isEqualTo(expected.oneSidedProviderGpuSeconds());
        assertThat(rated.oneSidedBuyerGpuSeconds()).as(at + ": buyer alone")
                .isEqualTo(expected.oneSidedBuyerGpuSeconds());
        assertThat(rated.overAllocatedGpuSeconds()).as(at + ": over-allocated")
                .isEqualTo(expected.overAllocatedGpuSeconds());
        assertThat(rated.discrepancies()).as(at + ": discrepancies").hasSize(expected.discrepancies());
        assertThat(rated.beyondTolerance()).as(at + ": beyond tolerance").isEqualTo(expected.beyondTolerance());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void moneyIsConservedAndTheLedgerPostingBalances(long seed) {
        ContractUsage contract = UsageFixtures.random(new Random(seed));

        RatedContract rated = rating.rate(contract);

        String at = "seed " + seed;
        assertThat(rated.ratedValueMinor() + rated.slaCreditMinor()).as(at).isEqualTo(contract.valueMinor());
        assertThat(rated.deliveredGpuSeconds()).as(at).isBetween(0L, rated.contractedGpuSeconds());
        assertThat(rated.slaCreditMinor()).as(at).isBetween(0L, contract.valueMinor());
        // The close's journal entry: escrow out, provider in less its fee, the fee to the platform, credit back.
        long posting = -contract.valueMinor() + (rated.ratedValueMinor() - rated.providerFeeMinor())
                + rated.providerFeeMinor() + rated.slaCreditMinor();
        assertThat(posting).as(at + ": journal entry").isZero();
        assertThat(rated.discrepancies()).as(at).allSatisfy(d -> assertThat(d.difference()).isNotZero());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOrderRecordsArriveInChangesNothing(long seed) {
        Random random = new Random(seed);
        ContractUsage contract = UsageFixtures.random(random);
        var provider = new ArrayList<>(contract.provider());
        var buyer = new ArrayList<>(contract.buyer());
        Collections.shuffle(provider, random);
        Collections.shuffle(buyer, random);

        RatedContract late = rating.rate(new ContractUsage(contract.contractId(), contract.quantity(),
                contract.valueMinor(), contract.deliveryStart(), contract.deliveryEnd(), contract.nodeGpus(), provider,
                buyer));

        assertThat(late).as("seed " + seed).isEqualTo(rating.rate(contract));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void moreReportedByEitherSideNeverPaysLess(long seed) {
        Random random = new Random(seed);
        ContractUsage contract = UsageFixtures.random(random);
        RatedContract before = rating.rate(contract);
        boolean providerSide = random.nextBoolean();
        List<Usage> side = providerSide ? contract.provider() : contract.buyer();
        if (side.isEmpty()) {
            return;
        }
        int index = random.nextInt(side.size());
        Usage record = side.get(index);
        long capacity = contract.nodeGpus().get(record.nodeId())
                * java.time.Duration.between(record.start(), record.end()).toSeconds();
        long raised = record.gpuSeconds() + 1 + (long) (random.nextDouble() * Math.max(0, capacity - record.gpuSeconds()));
        var changed = new ArrayList<>(side);
        changed.set(index, new Usage(record.nodeId(), record.start(), record.end(), raised));

        RatedContract after = rating.rate(new ContractUsage(contract.contractId(), contract.quantity(),
                contract.valueMinor(), contract.deliveryStart(), contract.deliveryEnd(), contract.nodeGpus(),
                providerSide ? changed : contract.provider(), providerSide ? contract.buyer() : changed));

        String at = "seed " + seed + ", " + (providerSide ? "provider" : "buyer") + " record " + index + " raised to "
                + raised;
        assertThat(after.deliveredGpuSeconds()).as(at).isGreaterThanOrEqualTo(before.deliveredGpuSeconds());
        assertThat(after.ratedValueMinor()).as(at).isGreaterThanOrEqualTo(before.ratedValueMinor());
        assertThat(after.slaCreditMinor()).as(at).isLessThanOrEqualTo(before.slaCreditMinor());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whenBothSidesSendTheSameRecordsTheFigureIsThatOfEitherAloneWithNoDifference(long seed) {
        ContractUsage contract = UsageFixtures.random(new Random(seed));
        List<Usage> records = contract.provider();

        RatedContract both = rating.rate(with(contract, records, records));
        RatedContract providerAlone = rating.rate(with(contract, records, List.of()));
        RatedContract buyerAlone = rating.rate(with(contract, List.of(), records));

        String at = "seed " + seed;
        assertThat(both.discrepancies()).as(at).isEmpty();
        assertThat(both.deliveredGpuSeconds()).as(at).isEqualTo(providerAlone.deliveredGpuSeconds())
                .isEqualTo(buyerAlone.deliveredGpuSeconds());
        assertThat(both.coverage()).as(at).isIn(records.isEmpty() ? Coverage.NONE : Coverage.BOTH);
        assertThat(providerAlone.coverage()).as(at).isEqualTo(records.isEmpty() ? Coverage.NONE
                : Coverage.PROVIDER_ONLY);
        assertThat(providerAlone.oneSidedProviderGpuSeconds()).as(at).isGreaterThanOrEqualTo(
                providerAlone.deliveredGpuSeconds());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noHourOfTheContractCountsMoreThanItsQuantity(long seed) {
        ContractUsage contract = UsageFixtures.random(new Random(seed));
        // Every node full all the time from both sides: delivery is exactly the contract, whatever the nodes.
        var full = new ArrayList<Usage>();
        long window = java.time.Duration.between(contract.deliveryStart(), contract.deliveryEnd()).toSeconds();
        contract.nodeGpus().forEach((node, gpus) -> full.add(new Usage(node, contract.deliveryStart(),
                contract.deliveryEnd(), gpus * window)));

        RatedContract rated = rating.rate(with(contract, full, full));

        String at = "seed " + seed;
        assertThat(rated.deliveredGpuSeconds()).as(at).isEqualTo(rated.contractedGpuSeconds());
        assertThat(rated.slaCreditMinor()).as(at).isZero();
        long gpus = contract.nodeGpus().values().stream().mapToLong(Integer::longValue).sum();
        assertThat(rated.overAllocatedGpuSeconds()).as(at).isEqualTo((gpus - contract.quantity()) * window);
    }

    private static ContractUsage with(ContractUsage c, List<Usage> provider, List<Usage> buyer) {
        return new ContractUsage(c.contractId(), c.quantity(), c.valueMinor(), c.deliveryStart(), c.deliveryEnd(),
                c.nodeGpus(), provider, buyer);
    }
}
