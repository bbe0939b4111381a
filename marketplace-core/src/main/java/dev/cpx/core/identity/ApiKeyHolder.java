package dev.cpx.core.identity;

import java.util.Set;

/** The machine behind a valid API key. */
public record ApiKeyHolder(long apiKeyId, String keyName, OrganizationView organization,
                           Set<ApiKeyPermission> permissions) {
}
