package dev.cpx.core.identity;

import java.time.Duration;

/**
 * How long an instance trusts an API key it verified without asking the database again, and how many keys it
 * remembers. A revocation evicts the key at once; the time to live only bounds how long an instance that did not
 * hear of the revocation keeps accepting it. Zero turns the cache off.
 */
public record ApiKeyCacheSettings(Duration timeToLive, int maximumSize) {

    public static final Duration MAX_TIME_TO_LIVE = Duration.ofMinutes(10);

    public ApiKeyCacheSettings {
        if (timeToLive.isNegative() || timeToLive.compareTo(MAX_TIME_TO_LIVE) > 0) {
            throw new IllegalArgumentException("timeToLive must be between PT0S and " + MAX_TIME_TO_LIVE
                    + ", got " + timeToLive);
        }
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
        }
    }
}
