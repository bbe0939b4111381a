package dev.cpx.core.quote;

import java.time.Instant;
import java.util.List;

/**
 * A priced job shape: the cheapest {@code candidates} (at most the configured number listed) of the
 * {@code candidateCount} priced, and {@code best}, the cheapest feasible one, or null.
 */
public record Quote(String quoteId, Instant expiresAt, Candidate best, List<Candidate> candidates,
                    int candidateCount) {
}
