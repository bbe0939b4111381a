package dev.cpx.settlement.rating;

import static dev.cpx.settlement.rating.UsageFixtures.HOUR;
import static dev.cpx.settlement.rating.UsageFixtures.RULES;
import static dev.cpx.settlement.rating.UsageFixtures.contract;
import static dev.cpx.settlement.rating.UsageFixtures.hourly;
import static dev.cpx.settlement.rating.UsageFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatingTests {

    private final Rating rating = new Rating(RULES);

    @Test
    void aBuyersOneMinuteRecordTouchesOnlyThatMinute() {
        // 8 GPUs for 24 hours from the provider; the buyer reports one minute of nothing.
        RatedContract rated = rating.rate(contract(8, 24, Map.of(1L, 8), hourly(1, 0, 24, 8),
                List.of(usage(1, 5 * HOUR, 5 * HOUR + 60, 0))));

        // That minute: the provider's 480 GPU-seconds capped at the buyer's 0 plus the 60 GPU-second tolerance.
        assertThat(rated.deliveredGpuSeconds()).isEqualTo(8 * 24 * HOUR - 480 + 60);
        assertThat(rated.coverage()).isEqualTo(Coverage.PARTLY_ONE_SIDED);
        assertThat(rated.oneSidedProviderGpuSeconds()).isEqualTo(8 * 24 * HOUR - 480);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.providerGpuSeconds()).isEqualTo(480);
            assertThat(d.buyerGpuSeconds()).isZero();
            assertThat(d.withinTolerance()).isFalse();
            assertThat(d.ratedGpuSeconds()).isEqualTo(60);
        });
        // 384.00 x 420 / 691,200 = 0.2333: a credit of 0.23, not the whole value.
        assertThat(rated.slaCreditMinor()).isEqualTo(23);
    }

    @Test
    void aOneHourContractOfAnHourlyInstrumentIsRatedAsOneHourBucket() {
        // 8 GPUs for one hour; the provider reports it full, the buyer 20 minutes at 4 GPUs and 40 minutes at 8:
        // 4,800 GPU-seconds short, beyond the tolerance of max(60, 2% of 28,800) = 576.
        RatedContract rated = rating.rate(contract(8, 1, Map.of(1L, 8), hourly(1, 0, 1, 8),
                List.of(usage(1, 0, 1_200, 4 * 1_200), usage(1, 1_200, HOUR, 8 * 2_400))));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(24_000 + 576);
        assertThat(rated.coverage()).isEqualTo(Coverage.BOTH);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.intervalStart()).isEqualTo(UsageFixtures.DAY);
            assertThat(d.providerGpuSeconds()).isEqualTo(8 * HOUR);
            assertThat(d.buyerGpuSeconds()).isEqualTo(24_000);
            assertThat(d.withinTolerance()).isFalse();
        });
        // 16.00 x (28,800 - 24,576) / 28,800 = 2.3467: a credit of 2.35.
        assertThat(rated.slaCreditMinor()).isEqualTo(235);
    }

    @Test
    void aSilentProviderLeavesTheBuyersFullReportToCount() {
        RatedContract rated = rating.rate(contract(8, 24, Map.of(1L, 8), List.of(), hourly(1, 0, 24, 8)));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(8 * 24 * HOUR);
        assertThat(rated.slaCreditMinor()).isZero();
        assertThat(rated.coverage()).isEqualTo(Coverage.BUYER_ONLY);
        assertThat(rated.oneSidedBuyerGpuSeconds()).isEqualTo(8 * 24 * HOUR);
        assertThat(rated.discrepancies()).isEmpty();
    }

    @Test
    void aSilentBuyerLeavesTheProvidersReportToCountFlaggedOneSided() {
        RatedContract rated = rating.rate(contract(8, 2, Map.of(1L, 8), hourly(1, 0, 2, 6), List.of()));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(6 * 2 * HOUR);
        assertThat(rated.coverage()).isEqualTo(Coverage.PROVIDER_ONLY);
        assertThat(rated.coverage().oneSided()).isTrue();
    }

    @Test
    void overAllocatedNodesCannotShiftDeliveryInTime() {
        // An 8-GPU contract on two 8-GPU nodes: both full for 12 hours, then dark for 12.
        var provider = new ArrayList<>(hourly(1, 0, 12, 8));
        provider.addAll(hourly(2, 0, 12, 8));
        RatedContract rated = rating.rate(contract(8, 24, Map.of(1L, 8, 2L, 8), provider, List.of()));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(8 * 12 * HOUR);
        assertThat(rated.overAllocatedGpuSeconds()).isEqualTo(8 * 12 * HOUR);
        assertThat(rated.slaCreditMinor()).isEqualTo(rated.valueMinor() / 2);
    }

    @Test
    void withinTheToleranceTheProvidersFigureCountsAndTheDifferenceIsListed() {
        RatedContract rated = rating.rate(contract(8, 1, Map.of(1L, 8), hourly(1, 0, 1, 8),
                List.of(usage(1, 0, HOUR, 8 * HOUR - 30))));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(8 * HOUR);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.difference()).isEqualTo(30);
            assertThat(d.withinTolerance()).isTrue();
            assertThat(d.ratedGpuSeconds()).isEqualTo(8 * HOUR);
        });
    }

    @Test
    void beyondTheToleranceTheBuyerPaysItsFigurePlusTheTolerance() {
        // Half the GPUs by the buyer's count: tolerance max(60, 2% of 28,800) = 576.
        RatedContract rated = rating.rate(contract(8, 1, Map.of(1L, 8), hourly(1, 0, 1, 8), hourly(1, 0, 1, 4)));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(4 * HOUR + 576);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> assertThat(d.withinTolerance()).isFalse());
    }

    @Test
    void aBuyerReportingMoreThanTheProviderIsPaidTheProvidersFigure() {
        RatedContract rated = rating.rate(contract(8, 1, Map.of(1L, 8), hourly(1, 0, 1, 4), hourly(1, 0, 1, 8)));

        assertThat(rated.deliveredGpuSeconds()).isEqualTo(4 * HOUR);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> assertThat(d.difference())
                .isEqualTo(-4 * HOUR));
    }

    @Test
    void aRecordSpanningHoursIsSpreadInProportionToTime() {
        // The provider: 90 minutes at full use (4 GPUs) from 00:30. The buyer: 7,200 GPU-seconds over 00:00-01:00.
        RatedContract rated = rating.rate(contract(4, 2, Map.of(1L, 4),
                List.of(usage(1, HOUR / 2, 2 * HOUR, 4 * 5400)), List.of(usage(1, 0, HOUR, 2 * HOUR))));

        // 00:00-00:30 the buyer alone: 3,600. 00:30-01:00 both: the provider's 7,200 against the buyer's 3,600,
        // capped at 3,600 + max(60, 2% of 7,200) = 3,744. 01:00-02:00 the provider alone: 14,400.
        assertThat(rated.deliveredGpuSeconds()).isEqualTo(3_600 + 3_744 + 14_400);
        assertThat(rated.coverage()).isEqualTo(Coverage.PARTLY_ONE_SIDED);
        assertThat(rated.oneSidedBuyerGpuSeconds()).isEqualTo(3_600);
        assertThat(rated.oneSidedProviderGpuSeconds()).isEqualTo(14_400);
        assertThat(rated.discrepancies()).singleElement().satisfies(d -> {
            assertThat(d.providerGpuSeconds()).isEqualTo(7_200);
            assertThat(d.buyerGpuSeconds()).isEqualTo(3_600);
            assertThat(d.ratedGpuSeconds()).isEqualTo(3_744);
        });
    }

    @Test
    void noUsageAtAllIsAFullCredit() {
        RatedContract rated = rating.rate(contract(2, 3, Map.of(1L, 4), List.of(), List.of()));

        assertThat(rated.deliveredGpuSeconds()).isZero();
        assertThat(rated.coverage()).isEqualTo(Coverage.NONE);
        assertThat(rated.slaCreditMinor()).isEqualTo(rated.valueMinor());
        assertThat(rated.ratedValueMinor()).isZero();
        assertThat(rated.providerFeeMinor()).isZero();
    }
}
