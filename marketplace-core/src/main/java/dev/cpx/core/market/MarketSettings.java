package dev.cpx.core.market;

import dev.cpx.core.market.core.CoreRules;
import java.time.Duration;

/**
 * How the market runs: commands committed together, the queue bound, how long a caller waits, the owner's lease,
 * the address other instances forward commands to, and the rules the core enforces.
 */
public record MarketSettings(int maxBatch, int queueCapacity, Duration answerTimeout, Duration lease,
                             String advertisedAddress, CoreRules rules) {

    public MarketSettings {
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("maxBatch must be 1-1000");
        }
        if (queueCapacity < maxBatch) {
            throw new IllegalArgumentException("queueCapacity must be at least maxBatch");
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero() || lease.toMillis() < 1_000) {
            throw new IllegalArgumentException("answerTimeout must be positive and lease at least 1 s");
        }
    }

    public long maxQuantity() {
        return rules.maxQuantity();
    }

    public long maxPriceTicks() {
        return rules.maxPriceTicks();
    }

    public int buyerFeeBasisPoints() {
        return rules.buyerFeeBasisPoints();
    }
}
