package dev.cpx.core.market.internal;

import dev.cpx.core.market.BookUpdated;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.TradeView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The books as readers see them: the market publishes an immutable depth snapshot of the instruments a batch
 * touched, after the batch committed and its callers were answered. Readers never touch the core.
 */
final class MarketSnapshots {

    private final Map<Long, BookView> books = new ConcurrentHashMap<>();
    private final Consumer<BookUpdated> listener;

    MarketSnapshots(Consumer<BookUpdated> listener) {
        this.listener = listener;
    }

    void publish(Map<Long, BookView> updated, Map<Long, List<TradeView>> newTrades) {
        books.putAll(updated);
        updated.forEach((instrumentId, book) -> listener.accept(new BookUpdated(instrumentId, book.symbol(), book,
                newTrades.getOrDefault(instrumentId, List.of()))));
    }

    /** Forgets every snapshot: after a rebuild, readers fall back to the database until the next update. */
    void clear() {
        books.clear();
    }

    Optional<BookView> book(long instrumentId) {
        return Optional.ofNullable(books.get(instrumentId));
    }
}
