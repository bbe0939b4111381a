package dev.cpx.core.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.market.PriceIndex.Point;
import dev.cpx.core.market.PriceIndex.Trade;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PriceIndexTests {

    private static final LocalDate MONDAY = LocalDate.parse("2026-12-07");
    private static final BigDecimal SCU = new BigDecimal("9.89");

    @Test
    void aThinDayIsThePlainVolumeWeightedAverage() {
        // 10 GPU-hours at 2.00 and 30 at 3.00: 2.75. Four trades: nothing is trimmed.
        List<Point> series = PriceIndex.series(List.of(trade(0, 200, 10), trade(0, 300, 10), trade(0, 300, 10),
                trade(0, 300, 10)), SCU, MONDAY, MONDAY);

        assertThat(series).singleElement().satisfies(point -> {
            assertThat(point.priceTicks()).isEqualTo(275);
            assertThat(point.pricePerScuHour()).isEqualByComparingTo("0.2781");
            assertThat(point.volumeGpuHours()).isEqualTo(40);
            assertThat(point.trades()).isEqualTo(4);
            assertThat(point.carriedFrom()).isNull();
        });
    }

    @Test
    void anOutlierTradeIsTrimmedOnADayWithEnoughTrades() {
        // 100 GPU-hours: 10 at 0.01 and 10 at 100,000.00 fall in the trimmed 10% at each end; 80 at 2.00 remain.
        List<Trade> day = List.of(trade(0, 1, 10), trade(0, 200, 20), trade(0, 200, 30), trade(0, 200, 30),
                trade(0, 10_000_000, 10));

        assertThat(PriceIndex.series(day, SCU, MONDAY, MONDAY).getFirst().priceTicks()).isEqualTo(200);
    }

    @Test
    void trimmingCutsThroughATradeByVolume() {
        // 50 GPU-hours, 5 trimmed at each end: 5 of the 10 at 1.00 and 5 of the 10 at 5.00 stay.
        List<Trade> day = List.of(trade(0, 100, 10), trade(0, 200, 10), trade(0, 300, 10), trade(0, 400, 10),
                trade(0, 500, 10));

        // (5 x 1 + 10 x 2 + 10 x 3 + 10 x 4 + 5 x 5) / 40 = 3.00
        assertThat(PriceIndex.trimmedVwapTicks(day)).isEqualTo(300);
    }

    @Test
    void aDayWithoutTradesCarriesTheLastValueForAWeekAndThenHasNone() {
        List<Point> series = PriceIndex.series(List.of(trade(-2, 250, 8)), SCU, MONDAY, MONDAY.plusDays(6));

        assertThat(series).hasSize(7);
        assertThat(series.get(0).priceTicks()).isEqualTo(250);
        assertThat(series.get(0).carriedFrom()).isEqualTo(MONDAY.minusDays(2));
        assertThat(series.get(0).trades()).isZero();
        assertThat(series.get(5).priceTicks()).as("seven days after the trade").isEqualTo(250);
        assertThat(series.get(6).priceTicks()).as("eight days after").isNull();
        assertThat(series.get(6).carriedFrom()).isNull();
        assertThat(series.get(6).pricePerScuHour()).isNull();
    }

    static List<Long> seeds() {
        return List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theIndexLiesBetweenTheDaysPricesAndIsTheSameWhateverTheOrderOfTrades(long seed) {
        var random = new Random(seed);
        var day = new ArrayList<Trade>();
        for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
            day.add(trade(0, 1 + random.nextInt(100_000), 1 + random.nextInt(200)));
        }
        long min = day.stream().mapToLong(Trade::priceTicks).min().orElseThrow();
        long max = day.stream().mapToLong(Trade::priceTicks).max().orElseThrow();
        long index = PriceIndex.trimmedVwapTicks(day);
        java.util.Collections.shuffle(day, random);

        assertThat(index).as("seed %d", seed).isBetween(min, max);
        assertThat(PriceIndex.trimmedVwapTicks(day)).as("seed %d, shuffled", seed).isEqualTo(index);
    }

    private static Trade trade(int dayOffset, long priceTicks, long gpuHours) {
        return new Trade(MONDAY.plusDays(dayOffset), priceTicks, gpuHours);
    }
}
