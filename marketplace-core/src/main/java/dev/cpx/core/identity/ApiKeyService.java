package dev.cpx.core.identity;

import dev.cpx.core.identity.internal.ApiKeyEntity;
import dev.cpx.core.identity.internal.ApiKeyRepository;
import dev.cpx.core.identity.internal.ApiKeySecrets;
import dev.cpx.core.identity.internal.OrganizationRepository;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and verifies an organization's API keys. */
@Service
public class ApiKeyService {

    /** A named limit: keys per organization, active or not, so a runaway script cannot fill the table. */
    public static final int MAX_KEYS_PER_ORGANIZATION = 50;
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final OrganizationRepository organizations;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, OrganizationRepository organizations, Clock clock) {
        this.keys = keys;
        this.organizations = organizations;
        this.clock = clock;
    }

    @Transactional
    public IssuedApiKey issue(long organizationId, String name, Set<ApiKeyPermission> permissions, Long createdBy) {
        return store(organizationId, name, permissions, createdBy, ApiKeySecrets.generate());
    }

    /** Stores a key whose secret the caller chose: only the demo data loader does this. */
    @Transactional
    public IssuedApiKey register(long organizationId, String name, Set<ApiKeyPermission> permissions, String secret) {
        return store(organizationId, name, permissions, null, secret);
    }

    private IssuedApiKey store(long organizationId, String name, Set<ApiKeyPermission> permissions, Long createdBy,
                               String secret) {
        if (name == null || name.isBlank() || name.length() > 80) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a key needs a name of 1-80 characters",
                    List.of(new CpxException.FieldError("name", "must be 1-80 characters")));
        }
        if (permissions.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a key needs at least one permission",
                    List.of(new CpxException.FieldError("permissions", "choose at least one")));
        }
        if (keys.findByOrganization(organizationId).size() >= MAX_KEYS_PER_ORGANIZATION) {
            throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "an organization may hold at most "
                    + MAX_KEYS_PER_ORGANIZATION + " keys; delete revoked ones first");
        }
        var organization = organizations.findById(organizationId)
                .orElseThrow(() -> CpxException.notFound("organization", organizationId));
        var entity = new ApiKeyEntity(organization, name.strip(), ApiKeySecrets.displayPrefix(secret),
                ApiKeySecrets.sha256Hex(secret), permissions, createdBy, clock.instant());
        return new IssuedApiKey(keys.save(entity).view(), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiKeyView> list(long organizationId) {
        return keys.findByOrganization(organizationId).stream().map(ApiKeyEntity::view).toList();
    }

    @Transactional(readOnly = true)
    public long countActive(long organizationId) {
        return keys.countActive(organizationId);
    }

    @Transactional
    public ApiKeyView revoke(long organizationId, long keyId) {
        var key = keys.findOwned(keyId, organizationId).orElseThrow(() -> CpxException.notFound("API key", keyId));
        key.revoke(clock.instant());
        return key.view();
    }

    /** The holder of a presented secret, if it names an active key. */
    @Transactional
    public Optional<ApiKeyHolder> authenticate(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        if (ApiKeySecrets.looksGenerated(secret) && !ApiKeySecrets.hasValidChecksum(secret)) {
            return Optional.empty();
        }
        String hash = ApiKeySecrets.sha256Hex(secret);
        return keys.findBySecretHash(hash)
                .filter(k -> MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                        k.secretSha256().getBytes(StandardCharsets.US_ASCII)))
                .filter(k -> !k.revoked())
                .map(k -> {
                    Instant now = clock.instant();
                    var view = k.view();
                    // Last use is kept to the minute: most requests need no write at all.
                    if (view.lastUsedAt() == null || view.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
                        keys.touch(view.id(), now, now.minus(LAST_USED_RESOLUTION));
                    }
                    return new ApiKeyHolder(view.id(), view.name(), k.organization().view(), view.permissions());
                });
    }
}
