package dev.cpx.core.identity;

/** An organization revoked one of its API keys: from the commit on, the key authenticates nothing. */
public record ApiKeyRevoked(long organizationId, long apiKeyId) {
}
