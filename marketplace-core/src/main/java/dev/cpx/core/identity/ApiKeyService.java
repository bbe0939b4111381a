package dev.cpx.core.identity;

import dev.cpx.core.identity.internal.ApiKeyEntity;
import dev.cpx.core.identity.internal.ApiKeyRepository;
import dev.cpx.core.identity.internal.ApiKeySecrets;
import dev.cpx.core.identity.internal.ApiKeyVerifier;
import dev.cpx.core.identity.internal.OrganizationRepository;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and verifies an organization's API keys. */
@Service
public class ApiKeyService {

    /** A named limit: keys per organization, active or not, so a runaway script cannot fill the table. */
    public static final int MAX_KEYS_PER_ORGANIZATION = 50;

    private final ApiKeyRepository keys;
    private final OrganizationRepository organizations;
    private final ApiKeyVerifier verifier;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ApiKeyService(ApiKeyRepository keys, OrganizationRepository organizations, ApiKeyVerifier verifier, Clock clock,
                  ApplicationEventPublisher events) {
        this.keys = keys;
        this.organizations = organizations;
        this.verifier = verifier;
        this.clock = clock;
        this.events = events;
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

    /** Revokes a key; from the commit on, no instance accepts it (see {@link ApiKeyRevoked}). */
    @Transactional
    public ApiKeyView revoke(long organizationId, long keyId) {
        var key = keys.findOwned(keyId, organizationId).orElseThrow(() -> CpxException.notFound("API key", keyId));
        key.revoke(clock.instant());
        // Raised on a repeated revocation too: evicting a key that no cache holds costs nothing.
        events.publishEvent(new ApiKeyRevoked(organizationId, keyId));
        return key.view();
    }

    /**
     * The holder of a presented secret, if it names an active key. A key verified recently is answered from
     * memory, without a transaction, so the hot API path costs the database nothing.
     */
    public Optional<ApiKeyHolder> authenticate(String secret) {
        return verifier.verify(secret);
    }

    /** Forgets a key this instance may have verified: for revocations committed on another instance. */
    public void evictFromCache(long apiKeyId) {
        verifier.evict(apiKeyId);
    }
}
