package dev.cpx.core.identity.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API keys verified recently, by the SHA-256 of their secret (never the secret itself), bounded in number and
 * age. Eviction is by key id: a revocation knows the key, not its secret.
 */
public final class ApiKeyCache {

    private final Cache<String, VerifiedApiKey> bySecretSha256;
    /** Counts evictions, so that a database look-up that overlapped one does not put back a revoked key. */
    private final AtomicLong evictions = new AtomicLong();

    public ApiKeyCache(Duration timeToLive, int maximumSize) {
        this(timeToLive, maximumSize, Ticker.systemTicker());
    }

    /** The ticker is real time, not the market clock: the time to live bounds staleness as operators see it. */
    ApiKeyCache(Duration timeToLive, int maximumSize, Ticker ticker) {
        bySecretSha256 = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize)
                .ticker(ticker).build();
    }

    public Optional<VerifiedApiKey> find(String secretSha256) {
        return Optional.ofNullable(bySecretSha256.getIfPresent(secretSha256));
    }

    /** Taken before a database look-up and handed back to {@link #put}. */
    public long evictionCount() {
        return evictions.get();
    }

    public void put(String secretSha256, VerifiedApiKey key, long evictionCountBeforeLookUp) {
        bySecretSha256.put(secretSha256, key);
        // An eviction since the look-up began may have run before this entry existed; the look-up may have
        // read the key before the revocation committed. Drop the entry rather than keep a revoked key.
        if (evictions.get() != evictionCountBeforeLookUp) {
            bySecretSha256.invalidate(secretSha256);
        }
    }

    public void evict(long apiKeyId) {
        evictions.incrementAndGet();
        bySecretSha256.asMap().values().removeIf(key -> key.holder().apiKeyId() == apiKeyId);
    }
}
