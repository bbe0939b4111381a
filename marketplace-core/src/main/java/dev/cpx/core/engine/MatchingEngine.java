package dev.cpx.core.engine;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Optional;

/**
 * The order books of the instruments the market core owns, keyed by instrument id, and the single
 * entry point for their commands. Commands for an instrument without a book are refused with
 * {@link RejectReason#UNKNOWN_INSTRUMENT}. Matching rules are described on {@link OrderBook}.
 *
 * <p>Not thread-safe: one thread (the market core's) calls it. Events go to the one listener, in order, and
 * always concern the command being executed.
 */
public final class MatchingEngine {

    private final int maxBooks;
    private final BookLimits bookLimits;
    private final EngineListener listener;
    private final Long2ObjectOpenHashMap<OrderBook> books;

    public MatchingEngine(int maxBooks, BookLimits bookLimits, EngineListener listener) {
        if (maxBooks < 1) {
            throw new IllegalArgumentException("maxBooks must be positive");
        }
        this.maxBooks = maxBooks;
        this.bookLimits = bookLimits;
        this.listener = listener;
        this.books = new Long2ObjectOpenHashMap<>(Math.min(maxBooks, 1024));
    }

    /**
     * Opens an empty book for the instrument.
     *
     * @throws IllegalStateException if the instrument has a book or {@code maxBooks} are open
     */
    public OrderBook addBook(long instrumentId) {
        if (books.containsKey(instrumentId)) {
            throw new IllegalStateException("instrument " + instrumentId + " already has a book");
        }
        if (books.size() >= maxBooks) {
            throw new IllegalStateException("at most " + maxBooks + " books per engine");
        }
        OrderBook book = new OrderBook(instrumentId, bookLimits, listener);
        books.put(instrumentId, book);
        return book;
    }

    /** Removes the instrument's book, cancelling its resting orders with {@link CancelReason#EXPIRED}. */
    public void closeBook(long instrumentId) {
        OrderBook book = books.remove(instrumentId);
        if (book != null) {
            book.expireAll();
        }
    }

    public Optional<OrderBook> book(long instrumentId) {
        return Optional.ofNullable(books.get(instrumentId));
    }

    public int bookCount() {
        return books.size();
    }

    /** See {@link OrderBook#place}. */
    public void place(long instrumentId, long orderId, long owner, Side side, OrderType type,
            TimeInForce timeInForce, long priceTicks, long quantity) {
        OrderBook book = books.get(instrumentId);
        if (book == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        book.place(orderId, owner, side, type, timeInForce, priceTicks, quantity);
    }

    /** See {@link OrderBook#cancel}. */
    public void cancel(long instrumentId, long orderId) {
        OrderBook book = books.get(instrumentId);
        if (book == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        book.cancel(orderId);
    }

    /** See {@link OrderBook#amend}. */
    public void amend(long instrumentId, long orderId, long newPriceTicks, long newRemainingQuantity) {
        OrderBook book = books.get(instrumentId);
        if (book == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        book.amend(orderId, newPriceTicks, newRemainingQuantity);
    }

    /** See {@link OrderBook#amendPrice}. */
    public void amendPrice(long instrumentId, long orderId, long newPriceTicks) {
        OrderBook book = books.get(instrumentId);
        if (book == null) {
            listener.onRejected(orderId, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        book.amendPrice(orderId, newPriceTicks);
    }

    /** See {@link OrderBook#insertResting}; the instrument must have a book. */
    public void insertResting(long instrumentId, long orderId, long owner, Side side, long priceTicks,
            long remainingQuantity) {
        OrderBook book = books.get(instrumentId);
        if (book == null) {
            throw new IllegalArgumentException("no book for instrument " + instrumentId);
        }
        book.insertResting(orderId, owner, side, priceTicks, remainingQuantity);
    }
}
