package dev.cpx.core.identity;

/** A key just created: the only moment its secret exists outside the caller's hands. */
public record IssuedApiKey(ApiKeyView key, String secret) {
}
