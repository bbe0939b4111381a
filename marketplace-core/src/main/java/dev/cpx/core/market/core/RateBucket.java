package dev.cpx.core.market.core;

/** A token bucket of order entries per organization, refilled by the commands' own time, so replay agrees. */
final class RateBucket {

    private final int perSecond;
    private final int burst;
    private long tokensMilli;
    private long lastMillis;

    RateBucket(int perSecond, int burst, long nowMillis) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokensMilli = burst * 1000L;
        this.lastMillis = nowMillis;
    }

    boolean tryTake(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokensMilli = Math.min(burst * 1000L, tokensMilli + (nowMillis - lastMillis) * perSecond);
            lastMillis = nowMillis;
        }
        if (tokensMilli < 1000) {
            return false;
        }
        tokensMilli -= 1000;
        return true;
    }
}
