package dev.cpx.core.market.internal;

import dev.cpx.core.market.BookUpdated;
import dev.cpx.core.market.BookView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The books as readers see them: each sequencer publishes an immutable depth snapshot of the instruments a
 * batch touched, after the batch committed. Readers never touch a sequencer's engine.
 */
final class MarketSnapshots {

    private final Map<Long, BookView> books = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final int partitions;
    private final Consumer<BookUpdated> listener;

    MarketSnapshots(JdbcClient jdbc, int partitions, Consumer<BookUpdated> listener) {
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.listener = listener;
    }

    int partitions() {
        return partitions;
    }

    void publish(long instrumentId, BookView book) {
        books.put(instrumentId, book);
        listener.accept(new BookUpdated(instrumentId, book.symbol(), book));
    }

    Optional<BookView> book(long instrumentId) {
        return Optional.ofNullable(books.get(instrumentId));
    }

    /** The last trade price of each instrument of a partition, for a rebuild. */
    Map<Long, Long> lastPrices(int partition) {
        var prices = new java.util.HashMap<Long, Long>();
        jdbc.sql("select t.instrument_id, t.price_ticks from trade t "
                        + "where t.id in (select max(id) from trade group by instrument_id)")
                .query((rs, n) -> partitionOf(rs.getLong(1), partitions) == partition
                        ? prices.put(rs.getLong(1), rs.getLong(2)) : null)
                .list();
        return prices;
    }

    /**
     * The sequencer of an instrument: a mixed hash of its id, so neighbouring ids (the same class and region on
     * consecutive days) spread over the sequencers instead of piling onto one.
     */
    static int partitionOf(long instrumentId, int partitions) {
        return Math.floorMod(Long.hashCode(instrumentId * 0x9E3779B97F4A7C15L), partitions);
    }
}
