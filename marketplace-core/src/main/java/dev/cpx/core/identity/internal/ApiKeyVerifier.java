package dev.cpx.core.identity.internal;

import dev.cpx.core.identity.ApiKeyCacheSettings;
import dev.cpx.core.identity.ApiKeyHolder;
import dev.cpx.core.identity.ApiKeyRevoked;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies presented API key secrets: from memory when this instance verified the key recently, else against
 * the database. A revocation committed on this instance evicts the key here at once.
 */
@Component
public class ApiKeyVerifier {

    /** Last use is kept to the minute: a busy key costs one write a minute, not one per request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final int MAX_SECRET_LENGTH = 200;

    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ApiKeyVerifier(ApiKeyRepository keys, ApiKeyCacheSettings settings, PlatformTransactionManager transactionManager,
                   Clock clock) {
        this.keys = keys;
        this.cache = new ApiKeyCache(settings.timeToLive(), settings.maximumSize());
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** No transaction around the whole: a key found in memory must not cost even a pooled connection. */
    public Optional<ApiKeyHolder> verify(String secret) {
        if (!plausible(secret)) {
            return Optional.empty();
        }
        String hash = ApiKeySecrets.sha256Hex(secret);
        Optional<VerifiedApiKey> cached = cache.find(hash);
        if (cached.isPresent()) {
            recordUseIfDue(cached.get());
            return cached.map(VerifiedApiKey::holder);
        }
        long evictionsBefore = cache.evictionCount();
        Optional<VerifiedApiKey> loaded = transactions.execute(status -> load(hash));
        loaded.ifPresent(key -> cache.put(hash, key, evictionsBefore));
        return loaded.map(VerifiedApiKey::holder);
    }

    public void evict(long apiKeyId) {
        cache.evict(apiKeyId);
    }

    /**
     * After the commit only: evicting earlier would let a request reload the key before it is revoked. First
     * among the commit's listeners, before slower ones such as telling other instances.
     */
    @TransactionalEventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ApiKeyRevoked revoked) {
        evict(revoked.apiKeyId());
    }

    /** Refuses without a database look-up what cannot be a key, such as a mistyped generated key. */
    private static boolean plausible(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            return false;
        }
        return !ApiKeySecrets.looksGenerated(secret) || ApiKeySecrets.hasValidChecksum(secret);
    }

    private Optional<VerifiedApiKey> load(String hash) {
        return keys.findBySecretHash(hash)
                .filter(k -> MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                        k.secretSha256().getBytes(StandardCharsets.US_ASCII)))
                .filter(k -> !k.revoked())
                .map(this::verified);
    }

    /** Runs in the look-up's transaction, so a first use is written with it. */
    private VerifiedApiKey verified(ApiKeyEntity key) {
        var view = key.view();
        var holder = new ApiKeyHolder(view.id(), view.name(), key.organization().view(), view.permissions());
        var verified = new VerifiedApiKey(holder, view.lastUsedAt());
        Instant now = clock.instant();
        if (verified.claimUseRecord(now, LAST_USED_RESOLUTION)) {
            recordUse(view.id(), now);
        }
        return verified;
    }

    private void recordUseIfDue(VerifiedApiKey key) {
        Instant now = clock.instant();
        if (key.claimUseRecord(now, LAST_USED_RESOLUTION)) {
            transactions.executeWithoutResult(status -> recordUse(key.holder().apiKeyId(), now));
        }
    }

    /** Conditional: instances that share a key change its row at most once a period between them. */
    private void recordUse(long apiKeyId, Instant now) {
        keys.touch(apiKeyId, now, now.minus(LAST_USED_RESOLUTION));
    }
}
