package dev.cpx.web.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DemoQuotesTests {

    @Test
    void fairPriceIsAQuarterPerStandardComputeUnitHour() {
        assertThat(DemoQuotes.fairTicks(new BigDecimal("9.89"))).isEqualTo(247);
        assertThat(DemoQuotes.fairTicks(new BigDecimal("0.10"))).isEqualTo(10);
    }

    @Test
    void asksRestAboveFairAndBidsEitherLiftAsksOrRestBelowFairForOneNodesGpus() {
        var quotes = new DemoQuotes(new SplittableRandom(42));
        for (int i = 0; i < 1_000; i++) {
            var ask = quotes.ask(247, 8);
            assertThat(ask.side()).isEqualTo(Side.SELL);
            assertThat(ask.timeInForce()).isEqualTo(TimeInForce.GTC);
            assertThat(ask.priceTicks()).isBetween(247L, 272L);
            assertThat(ask.quantity()).as("one node's GPUs").isEqualTo(8);

            var bid = quotes.bid(247, 8);
            assertThat(bid.quantity()).isEqualTo(8);
            assertThat(bid.side()).isEqualTo(Side.BUY);
            if (bid.timeInForce() == TimeInForce.IOC) {
                assertThat(bid.priceTicks()).isBetween(252L, 277L);
            } else {
                assertThat(bid.timeInForce()).isEqualTo(TimeInForce.GTC);
                assertThat(bid.priceTicks()).isBetween(217L, 242L);
            }
        }
    }
}
