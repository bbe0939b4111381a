package dev.cpx.core.quote;

import dev.cpx.core.market.BlockOrderView;

/** The block a quote's accept bought, the candidate it bought, and whether this call bought it (not a replay). */
public record AcceptedQuote(BlockOrderView block, Candidate candidate, boolean created) {
}
