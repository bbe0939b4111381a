package dev.cpx.core.identity;

import java.util.Set;

/** The machine behind a valid API key. Immutable: one holder serves every request while the key is cached. */
public record ApiKeyHolder(long apiKeyId, String keyName, OrganizationView organization,
                           Set<ApiKeyPermission> permissions) {

    public ApiKeyHolder {
        permissions = Set.copyOf(permissions);
    }
}
