package dev.cpx.web.portal.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.TradeView;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PriceChartTests {

    private static TradeView trade(long id, long priceTicks) {
        return new TradeView(id, priceTicks, 1, Instant.parse("2026-11-25T10:00:00Z").plusSeconds(id), Side.BUY);
    }

    @Test
    void noTradesDrawNothing() {
        PriceChart chart = PriceChart.of(List.of());
        assertThat(chart.trades()).isZero();
        assertThat(chart.line()).isEmpty();
    }

    @Test
    void stepsRunOldestToNewestBetweenHighAndLow() {
        // newest first, as the trade query returns them
        PriceChart chart = PriceChart.of(List.of(trade(3, 250), trade(2, 200), trade(1, 300)));
        assertThat(chart.line()).isEqualTo("M0.0 12.0 H300.0 V188.0 H600.0 V100.0");
        assertThat(chart.area()).endsWith(" V200 H0 Z");
        assertThat(chart.high()).isEqualTo("3.00");
        assertThat(chart.low()).isEqualTo("2.00");
    }

    @Test
    void tradesSitAtTheirExecutionTimesNotAtEqualSpacing() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        PriceChart chart = PriceChart.of(List.of(
                new TradeView(3, 300, 1, start.plusSeconds(40), Side.BUY),
                new TradeView(2, 200, 1, start.plusSeconds(10), Side.SELL),
                new TradeView(1, 250, 1, start, Side.BUY)));
        // 10 s of 40 s is a quarter of the width
        assertThat(chart.line()).isEqualTo("M0.0 100.0 H150.0 V188.0 H600.0 V12.0");
        assertThat(chart.from()).isEqualTo(start);
        assertThat(chart.to()).isEqualTo(start.plusSeconds(40));
    }

    @Test
    void tradesAtOneInstantHoldTheLastPriceAcross() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        PriceChart chart = PriceChart.of(List.of(new TradeView(2, 300, 1, at, Side.BUY),
                new TradeView(1, 200, 1, at, Side.BUY)));
        assertThat(chart.line()).isEqualTo("M0.0 188.0 H0.0 V12.0 H600");
    }

    @Test
    void oneTradeOrOnePriceIsAFlatLineAcrossTheMiddle() {
        assertThat(PriceChart.of(List.of(trade(1, 250))).line()).isEqualTo("M0.0 100.0 H600");
        assertThat(PriceChart.of(List.of(trade(2, 250), trade(1, 250))).line()).isEqualTo("M0.0 100.0 H600.0 V100.0");
    }

    @Test
    void atMostTheLatestTwoHundredTradesAreDrawn() {
        List<TradeView> newestFirst = LongStream.rangeClosed(1, 300).map(i -> 301 - i)
                .mapToObj(id -> trade(id, 100 + id)).toList();
        assertThat(PriceChart.of(newestFirst).trades()).isEqualTo(PriceChart.MAX_TRADES);
        assertThat(PriceChart.of(newestFirst).low()).isEqualTo("2.01");
    }
}
