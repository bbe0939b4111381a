package dev.cpx.settlement.metering;

/** A record of a batch that was refused, with why; the others of the batch are unaffected. */
public record Rejection(int index, String recordId, String reason) {
}
