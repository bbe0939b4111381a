package dev.cpx.web.demo;

import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * The demo market's prices: a fair price per class from its standard compute units, asks a little above it, bids a
 * little below it, and now and then a bid that lifts the cheaper asks, so trades happen. Orders are for one node's
 * GPUs: a contract takes whole nodes, one contract per node and hour, so a simulated provider can allocate every
 * contract it sells. Pure: the random source comes in.
 */
final class DemoQuotes {

    /** 0.25 per SCU-hour: an H100 (9.89 SCU) is fair at 2.47 per GPU-hour. */
    private static final BigDecimal TICKS_PER_SCU_HOUR = BigDecimal.valueOf(25);
    private static final long MIN_FAIR_TICKS = 10;

    /** One order the demo market places: side, time in force, limit price and GPUs. */
    record Quote(Side side, TimeInForce timeInForce, long priceTicks, long quantity) {
    }

    private final RandomGenerator random;

    DemoQuotes(RandomGenerator random) {
        this.random = random;
    }

    static long fairTicks(BigDecimal scu) {
        return Math.max(MIN_FAIR_TICKS, scu.multiply(TICKS_PER_SCU_HOUR).setScale(0, RoundingMode.HALF_UP).longValue());
    }

    /** A provider's ask for one node's {@code gpus}: resting, 0 to 10 % above fair. */
    Quote ask(long fairTicks, long gpus) {
        return new Quote(Side.SELL, TimeInForce.GTC, around(fairTicks, 0, 10), gpus);
    }

    /**
     * The maker's bid: two times in three it takes asks up to 2 to 12 % above fair at once, else it rests 2 to 12 %
     * below (resting bids hold money, so fewer of them).
     */
    Quote bid(long fairTicks, long gpus) {
        if (random.nextInt(3) != 0) {
            return new Quote(Side.BUY, TimeInForce.IOC, around(fairTicks, 2, 12), gpus);
        }
        return new Quote(Side.BUY, TimeInForce.GTC, around(fairTicks, -12, -2), gpus);
    }

    private long around(long fairTicks, int fromPercent, int toPercent) {
        int percent = random.nextInt(fromPercent, toPercent + 1);
        return Math.max(1, fairTicks + Math.round(fairTicks * percent / 100.0));
    }
}
