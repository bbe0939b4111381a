package dev.cpx.core.market;

import java.util.List;

/**
 * A committed batch changed this instrument's book or traded on it; published after the commit, in process.
 * {@code newTrades} are the batch's trades on the instrument, newest first, so listeners need no query.
 */
public record BookUpdated(long instrumentId, String symbol, BookView book, List<TradeView> newTrades) {
}
