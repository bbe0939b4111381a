package dev.cpx.core.identity;

import java.time.Instant;
import java.util.Set;

/** An API key as listed to its organization: never the secret, only a prefix to recognise it. */
public record ApiKeyView(long id, String name, String displayPrefix, Set<ApiKeyPermission> permissions,
                         Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
