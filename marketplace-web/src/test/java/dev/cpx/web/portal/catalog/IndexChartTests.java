package dev.cpx.web.portal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.market.PriceIndex;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The price index chart's geometry and words, from index points made by the index's own arithmetic. */
class IndexChartTests {

    private static final LocalDate FROM = LocalDate.of(2026, 11, 1);

    /**
     * Eleven days: trades at 2.00 on day 0 and 3.00 on day 2 (day 1 carries 2.00), nothing after day 2, so days 3 to
     * 9 carry 3.00 and day 10, the 8th day after, has no value.
     */
    private static List<PriceIndex.Point> points() {
        var trades = List.of(new PriceIndex.Trade(FROM, 200, 8), new PriceIndex.Trade(FROM.plusDays(2), 300, 8));
        return PriceIndex.series(trades, new BigDecimal("2.00"), FROM, FROM.plusDays(10));
    }

    @Test
    void tradedDaysAreSolidWithADotCarriedDaysDashedAndStaleDaysAGap() {
        IndexChart chart = IndexChart.of("H100-SXM-80G", "CN-EAST", points(), 5);

        // x: 60 per day over 10 gaps; y: 2.00 at the bottom pad (186), 3.00 at the top pad (14).
        assertThat(chart.dots()).isEqualTo("M0.0 186.0 h0 M120.0 14.0 h0");
        assertThat(chart.line()).isEqualTo("M60.0 186.0 L120.0 14.0");
        assertThat(chart.carried()).isEqualTo("M0.0 186.0 L60.0 186.0 M120.0 14.0 L180.0 14.0 M180.0 14.0 L240.0 14.0"
                + " M240.0 14.0 L300.0 14.0 M300.0 14.0 L360.0 14.0 M360.0 14.0 L420.0 14.0 M420.0 14.0 L480.0 14.0"
                + " M480.0 14.0 L540.0 14.0");
        assertThat(chart.high()).isEqualTo("3.00");
        assertThat(chart.low()).isEqualTo("2.00");
        assertThat(chart.tradedDays()).isEqualTo(2);
        assertThat(chart.carriedDays()).isEqualTo(8);
        assertThat(chart.emptyDays()).isEqualTo(1);
    }

    @Test
    void theSummaryGivesTheLatestValueTheRangeAndTheCarriedAndEmptyDays() {
        IndexChart chart = IndexChart.of("H100-SXM-80G", "CN-EAST", points(), 5);

        assertThat(chart.summary()).isEqualTo("H100-SXM-80G in CN-EAST, price index per GPU-hour from 2026-11-01 to "
                + "2026-11-11: latest 3.00 on 2026-11-10 (carried from 2026-11-03), lowest 2.00, highest 3.00; 2 days "
                + "with trades, 8 carried forward, 1 without a value.");
        assertThat(chart.days().getFirst()).isEqualTo(new IndexChart.Day(FROM.plusDays(10), null, null, 0, 0, null));
        assertThat(chart.days().get(1)).isEqualTo(new IndexChart.Day(FROM.plusDays(9), "3.00", "1.5000", 0, 0,
                FROM.plusDays(2)));
        assertThat(chart.days().getLast()).isEqualTo(new IndexChart.Day(FROM, "2.00", "1.0000", 1, 8, null));
    }

    @Test
    void theDateAxisIsLabelledEveryStepBackFromTheLastDay() {
        IndexChart chart = IndexChart.of("H100-SXM-80G", "CN-EAST", points(), 5);

        assertThat(chart.ticks()).containsExactly(
                new IndexChart.Tick(FROM, "0.0", "0.0", "start"),
                new IndexChart.Tick(FROM.plusDays(5), "300.0", "50.0", "middle"),
                new IndexChart.Tick(FROM.plusDays(10), "600.0", "100.0", "end"));
    }

    @Test
    void oneValueAllWindowLongIsAFlatLineInTheMiddle() {
        var trades = List.of(new PriceIndex.Trade(FROM, 250, 4), new PriceIndex.Trade(FROM.plusDays(1), 250, 4));
        IndexChart chart = IndexChart.of("L40S-48G", "CN-NORTH",
                PriceIndex.series(trades, new BigDecimal("3.621"), FROM, FROM.plusDays(1)), 7);

        assertThat(chart.line()).isEqualTo("M0.0 100.0 L600.0 100.0");
        assertThat(chart.carried()).isEmpty();
        assertThat(chart.ticks()).extracting(IndexChart.Tick::date).containsExactly(FROM.plusDays(1));
    }
}
