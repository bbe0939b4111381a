package dev.cpx.core.market;

/** A market command or its answer as instances exchange them: the record's kind and its JSON. */
public record ForwardedCommand(String kind, String body) {
}
