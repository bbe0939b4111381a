package dev.cpx.settlement.metering;

/**
 * A record of a batch that was refused, with a stable {@code code} a client may switch on and a {@code reason}
 * that says what to do; the others of the batch are unaffected.
 */
public record Rejection(int index, String recordId, String code, String reason) {
}
