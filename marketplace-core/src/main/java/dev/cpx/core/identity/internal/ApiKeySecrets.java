package dev.cpx.core.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * API key secrets: {@code cpx_} + 43 base62 characters (256 random bits) + 6 base62 characters of CRC32.
 * The prefix makes leaked keys recognisable to secret scanners; the checksum lets the server refuse a
 * mistyped key without a database look-up. Only the SHA-256 of a secret is ever stored.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "cpx_";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 43;
    private static final int CHECKSUM_CHARS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String generate() {
        var body = new StringBuilder(PREFIX);
        // 43 base62 characters carry 43 * log2(62) = 256.03 bits.
        for (int i = 0; i < RANDOM_CHARS; i++) {
            body.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return body + checksum(body.toString());
    }

    /** True for a well-formed generated key whose checksum matches; demo keys are not of this form. */
    public static boolean hasValidChecksum(String secret) {
        int expectedLength = PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;
        if (secret.length() != expectedLength || !secret.startsWith(PREFIX)) {
            return false;
        }
        String body = secret.substring(0, expectedLength - CHECKSUM_CHARS);
        return MessageDigest.isEqual(checksum(body).getBytes(StandardCharsets.US_ASCII),
                secret.substring(body.length()).getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean looksGenerated(String secret) {
        return secret.startsWith(PREFIX);
    }

    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6));
    }

    public static String sha256Hex(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String checksum(String body) {
        var crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        var out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
