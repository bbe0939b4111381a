package dev.cpx.core.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.ApiKeyHolder;
import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.OrganizationView;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory part of API key verification: expiry, eviction by key id, and last use written once a minute. */
class ApiKeyCacheTests {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final OrganizationView NOVA = new OrganizationView(2, "NOVA", "Nova Pharma", true, false, false, 0);

    private final AtomicLong nanos = new AtomicLong();
    private final ApiKeyCache cache = new ApiKeyCache(TTL, 100, nanos::get);

    @Test
    void aKeyIsFoundUntilItsTimeToLiveHasPassed() {
        cache.put("hash-1", key(1), cache.evictionCount());

        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        assertThat(cache.find("hash-1")).map(k -> k.holder().apiKeyId()).contains(1L);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.find("hash-1")).isEmpty();
    }

    @Test
    void evictingAKeyRemovesItAndNoOtherKey() {
        cache.put("hash-1", key(1), cache.evictionCount());
        cache.put("hash-2", key(2), cache.evictionCount());

        cache.evict(1);

        assertThat(cache.find("hash-1")).isEmpty();
        assertThat(cache.find("hash-2")).isPresent();
    }

    @Test
    void aLookUpThatOverlappedAnEvictionDoesNotPutTheKeyBack() {
        long before = cache.evictionCount();
        cache.evict(1); // the revocation commits while the look-up still reads the key as active

        cache.put("hash-1", key(1), before);

        assertThat(cache.find("hash-1")).isEmpty();
    }

    @Test
    void aZeroTimeToLiveKeepsNothing() {
        var off = new ApiKeyCache(Duration.ZERO, 100, nanos::get);

        off.put("hash-1", key(1), off.evictionCount());

        assertThat(off.find("hash-1")).isEmpty();
    }

    @Test
    void aUseIsRecordedOnceAMinute() {
        Instant first = Instant.parse("2026-12-01T10:00:00Z");
        var key = new VerifiedApiKey(key(1).holder(), null);

        assertThat(key.claimUseRecord(first, Duration.ofMinutes(1))).isTrue();
        assertThat(key.claimUseRecord(first.plusSeconds(59), Duration.ofMinutes(1))).isFalse();
        assertThat(key.claimUseRecord(first.plusSeconds(60), Duration.ofMinutes(1))).isFalse();
        assertThat(key.claimUseRecord(first.plusSeconds(61), Duration.ofMinutes(1))).isTrue();
        assertThat(key.claimUseRecord(first.plusSeconds(62), Duration.ofMinutes(1))).isFalse();
    }

    private static VerifiedApiKey key(long id) {
        return new VerifiedApiKey(new ApiKeyHolder(id, "key " + id, NOVA, Set.of(ApiKeyPermission.READ)), null);
    }
}
