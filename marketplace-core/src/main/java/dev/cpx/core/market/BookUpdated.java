package dev.cpx.core.market;

/** A committed batch changed this instrument's book or trades; published after the commit, in process. */
public record BookUpdated(long instrumentId, String symbol, BookView book) {
}
