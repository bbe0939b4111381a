package dev.cpx.core.market.internal;

import dev.cpx.core.engine.BookLimits;
import dev.cpx.core.engine.CancelReason;
import dev.cpx.core.engine.EngineListener;
import dev.cpx.core.engine.MatchingEngine;
import dev.cpx.core.engine.OrderBook;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.PriceLevelView;
import dev.cpx.core.engine.RejectReason;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.ledger.LedgerBatch;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketSettings;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One sequencer: the single writer of the books of its instruments. It takes commands in arrival order, runs
 * each through the matching engine and writes its effects (order, trades, contracts, ledger entries), and
 * commits a batch of commands in one transaction before any of them is acknowledged. A refused command
 * writes nothing, so it never spoils the batch. When a commit fails the books are rebuilt from the database,
 * which is the truth, and the commands are retried one at a time.
 */
public final class MarketPartition implements EngineListener, Runnable {

    private static final Logger log = LoggerFactory.getLogger(MarketPartition.class);
    private static final int MAX_BOOKS = 100_000;
    private static final int SNAPSHOT_DEPTH = 20;
    private static final int MAX_ATTEMPTS = 3;
    /**
     * How far apart the lowest and highest price of one side may be (1,000.00 per GPU-hour): the engine's price
     * ladder grows with it, so it bounds a book's memory; an order that would stretch a side further is cancelled.
     */
    private static final int MAX_PRICE_SPAN_TICKS = 100_000;

    /** What a placement answers: the order's id, and whether this request created it. */
    public record Placed(long orderId, boolean created) {
    }

    /** A command and the future its caller waits on. */
    record Pending(MarketCommand command, CompletableFuture<Object> result) {
    }

    private final int index;
    private final MarketSettings settings;
    private final OrderStore store;
    private final SequencerLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AtomicLong priorities;
    private final MarketIds ids;
    private final MarketSnapshots snapshots;
    private final BlockingQueue<Pending> queue;
    private final BookLimits limits;

    private MatchingEngine engine;
    private final Map<Long, LiveOrder> resting = new HashMap<>();
    private final Map<Long, InstrumentInfo> instruments = new HashMap<>();
    private final Set<Long> touchedInstruments = new HashSet<>();
    private final Map<Long, Long> lastPrices = new HashMap<>();

    // State of the command being executed; the engine calls back synchronously.
    private LiveOrder taker;
    private InstrumentInfo instrument;
    private Instant now;
    private final Set<LiveOrder> dirty = new LinkedHashSet<>();
    private NewOrder newOrder;
    private final List<Object[]> tradeRows = new ArrayList<>();
    private final List<Object[]> contractRows = new ArrayList<>();
    private LedgerBatch postings;
    /** Client order ids known in this batch: loaded for all its placements at once, then added as orders are made. */
    private Map<String, OrderStore.KnownOrder> clientIds;

    /** The terms of the order a placement creates, inserted once matching has given its final state. */
    private record NewOrder(LiveOrder live, String clientOrderId, String fingerprint, OrderType type,
                            TimeInForce timeInForce, long quantity) {
    }

    MarketPartition(int index, MarketSettings settings, OrderStore store, SequencerLedger ledger,
                    TransactionTemplate transactions, Clock clock, AtomicLong priorities, MarketIds ids,
                    MarketSnapshots snapshots) {
        this.index = index;
        this.settings = settings;
        this.store = store;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
        this.priorities = priorities;
        this.ids = ids;
        this.snapshots = snapshots;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.limits = new BookLimits(settings.maxRestingOrdersPerBook(), settings.maxPriceTicks(),
                settings.maxQuantity(), (int) Math.min(MAX_PRICE_SPAN_TICKS, settings.maxPriceTicks()));
    }

    CompletableFuture<Object> submit(MarketCommand command) {
        var pending = new Pending(command, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new CpxException(ErrorCode.MARKET_BUSY, "the market queue is full; retry in a moment");
        }
        return pending.result();
    }

    @Override
    public void run() {
        rebuild();
        var batch = new ArrayList<Pending>(settings.maxBatch());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch, settings.maxBatch() - 1);
            execute(batch);
            batch.clear();
        }
        queue.forEach(p -> p.result().completeExceptionally(
                new CpxException(ErrorCode.MARKET_BUSY, "the market is shutting down; retry")));
    }

    private void execute(List<Pending> batch) {
        try {
            commit(batch);
        } catch (RuntimeException batchFailure) {
            log.warn("Market partition {}: batch of {} failed ({}); rebuilding and retrying one by one", index,
                    batch.size(), batchFailure.toString());
            rebuild();
            for (Pending pending : batch) {
                executeAlone(pending);
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<Object> results = transactions.execute(status -> {
            postings = ledger.newBatch();
            clientIds = store.knownClientIds(batch.stream().map(Pending::command)
                    .filter(c -> c instanceof MarketCommand.Place).map(c -> ((MarketCommand.Place) c).order())
                    .toList());
            var out = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                out.add(applyOrRefuse(pending.command()));
            }
            postings.flush(clock.instant());
            return out;
        });
        publishSnapshots();
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    /**
     * One command in its own transaction. A lock conflict with another writer (a deadlock chosen as victim, a
     * lock wait timeout) is transient: the books are rebuilt and the command tried again a few times; if it
     * still fails the caller gets 503 and may retry with the same clientOrderId, never a 500.
     */
    private void executeAlone(Pending pending) {
        for (int attempt = 1; ; attempt++) {
            try {
                commit(List.of(pending));
                return;
            } catch (TransientDataAccessException conflict) {
                rebuild();
                if (attempt == MAX_ATTEMPTS) {
                    log.warn("Market partition {}: {} still conflicts after {} attempts", index, pending.command(),
                            attempt);
                    pending.result().completeExceptionally(new CpxException(ErrorCode.MARKET_BUSY,
                            "the market is busy; retry with the same clientOrderId"));
                    return;
                }
            } catch (RuntimeException failure) {
                log.error("Market partition {}: command {} failed", index, pending.command(), failure);
                rebuild();
                pending.result().completeExceptionally(failure);
                return;
            }
        }
    }

    private static void complete(Pending pending, Object result) {
        if (result instanceof CpxException refusal) {
            pending.result().completeExceptionally(refusal);
        } else {
            pending.result().complete(result);
        }
    }

    /** Runs one command; a refusal is returned, not thrown, because it wrote nothing and the batch goes on. */
    private Object applyOrRefuse(MarketCommand command) {
        now = clock.instant();
        dirty.clear();
        tradeRows.clear();
        contractRows.clear();
        newOrder = null;
        taker = null;
        try {
            Object result = switch (command) {
                case MarketCommand.Place place -> place(place);
                case MarketCommand.Cancel cancel -> cancel(cancel);
                case MarketCommand.Amend amend -> amend(amend);
                case MarketCommand.Expire expire -> expire(expire.instrumentId());
            };
            flushDirty();
            return result;
        } catch (CpxException refusal) {
            if (!dirty.isEmpty() || newOrder != null) {
                throw new IllegalStateException("a refusal after writes: " + refusal.getMessage(), refusal);
            }
            return refusal;
        }
    }

    private Object place(MarketCommand.Place command) {
        PlaceOrder order = command.order();
        long organizationId = order.organization().id();
        String clientKey = OrderStore.clientKey(organizationId, order.clientOrderId());
        OrderStore.KnownOrder existing = clientIds.get(clientKey);
        if (existing != null) {
            if (!existing.fingerprint().equals(order.fingerprint())) {
                throw new CpxException(ErrorCode.IDEMPOTENCY_CONFLICT, "clientOrderId " + order.clientOrderId()
                        + " was used for a different order (" + existing.id() + ")");
            }
            return new Placed(existing.id(), false);
        }
        instrument = openInstrument(command.instrumentId());
        OrderBook book = book(instrument);
        if (order.type() == OrderType.LIMIT && order.timeInForce() == TimeInForce.GTC
                && book.restingOrderCount() >= limits.maxRestingOrders()) {
            throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "the book of " + instrument.symbol() + " is full ("
                    + limits.maxRestingOrders() + " resting orders)");
        }
        long holdPrice = 0;
        long hold = 0;
        if (order.side() == Side.BUY) {
            holdPrice = order.type() == OrderType.LIMIT ? order.priceTicks() : marketBuyHoldPrice(book, order.quantity());
            hold = holdFor(order.quantity(), 0, holdPrice);
            reserveOrRefuse(order.organization().id(), hold, "placed:" + organizationId + ":" + order.clientOrderId());
        } else {
            requireCapacity(organizationId, order.quantity());
        }
        long priority = priorities.incrementAndGet();
        long id = ids.nextOrder();
        taker = new LiveOrder(id, organizationId, instrument.id(), order.side(), order.priceTicks(), holdPrice,
                order.quantity(), 0, 0, hold, priority, 0, OrderStatus.NEW);
        newOrder = new NewOrder(taker, order.clientOrderId(), order.fingerprint(), order.type(), order.timeInForce(),
                order.quantity());
        clientIds.put(clientKey, new OrderStore.KnownOrder(id, order.fingerprint()));
        long limitPrice = order.type() == OrderType.LIMIT ? order.priceTicks() : 0;
        engine.place(instrument.id(), id, organizationId, order.side(), order.type(), order.timeInForce(),
                limitPrice, order.quantity());
        touchedInstruments.add(instrument.id());
        return new Placed(id, true);
    }

    private Object cancel(MarketCommand.Cancel command) {
        LiveOrder order = restingOwnOrder(command.organizationId(), command.orderId());
        instrument = instrument(order.instrumentId);
        engine.cancel(order.instrumentId, order.id);
        touchedInstruments.add(order.instrumentId);
        return order.id;
    }

    private Object amend(MarketCommand.Amend command) {
        LiveOrder order = restingOwnOrder(command.organizationId(), command.orderId());
        instrument = openInstrument(order.instrumentId);
        long newRemaining = command.remainingQuantity() == null ? order.remaining : command.remainingQuantity();
        long newPrice = command.priceTicks() == null ? order.priceTicks : command.priceTicks();
        if (newRemaining > order.remaining) {
            throw new CpxException(ErrorCode.QUANTITY_INCREASE, "an amend may keep or lower the open quantity ("
                    + order.remaining + "); place a new order for more");
        }
        if (newPrice > limits.maxPriceTicks()) {
            throw new CpxException(ErrorCode.INVALID_PRICE, "price above the maximum of "
                    + Money.format(limits.maxPriceTicks()));
        }
        int amendment = order.amendments + 1;
        if (order.side == Side.BUY) {
            long newHold = holdFor(newRemaining, order.filledValueTicks, newPrice);
            if (newHold > order.holdMinor) {
                reserveOrRefuse(order.organizationId, newHold - order.holdMinor,
                        "amend:" + order.id + ":" + amendment);
            } else if (newHold < order.holdMinor) {
                postings.release(order.organizationId, order.holdMinor - newHold,
                        "amend:" + order.id + ":" + amendment);
            }
            order.holdMinor = newHold;
            order.holdPriceTicks = newPrice;
        }
        order.amendments = amendment;
        dirty.add(order);
        taker = order;
        engine.amend(order.instrumentId, order.id, newPrice, newRemaining);
        touchedInstruments.add(order.instrumentId);
        return order.id;
    }

    private Object expire(long instrumentId) {
        instrument = instrument(instrumentId);
        engine.closeBook(instrumentId);
        touchedInstruments.add(instrumentId);
        return instrumentId;
    }

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner, long priceTicks,
                        long quantity, Side takerSide) {
        LiveOrder maker = resting.get(makerOrderId);
        if (maker == null || taker == null || taker.id != takerOrderId) {
            throw new IllegalStateException("trade between unknown orders " + makerOrderId + "/" + takerOrderId);
        }
        LiveOrder buy = takerSide == Side.BUY ? taker : maker;
        LiveOrder sell = takerSide == Side.BUY ? maker : taker;
        long hours = instrument.hours();
        long valueMinor = Math.multiplyExact(Math.multiplyExact(quantity, hours), priceTicks);
        long feeBefore = fee(buy.filledValueTicks * hours);
        long holdBefore = buy.holdMinor;
        fill(buy, quantity, priceTicks);
        fill(sell, quantity, priceTicks);
        long feeMinor = fee(buy.filledValueTicks * hours) - feeBefore;
        buy.holdMinor = holdFor(buy.remaining, buy.filledValueTicks, buy.holdPriceTicks);
        long tradeId = ids.nextTrade();
        tradeRows.add(OrderStore.tradeRow(tradeId, instrument.id(), buy.id, sell.id, buy.organizationId,
                sell.organizationId, priceTicks, quantity, takerSide, now));
        contractRows.add(OrderStore.contractRow(ids.nextContract(), tradeId, instrument, buy.organizationId,
                sell.organizationId, quantity, priceTicks, valueMinor, feeMinor, now));
        postings.postFill(buy.organizationId, holdBefore - buy.holdMinor, valueMinor, feeMinor, "trade:" + tradeId);
        if (maker.remaining == 0) {
            resting.remove(maker.id);
        }
        lastPrices.put(instrument.id(), priceTicks);
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        LiveOrder order = requireTaker(orderId);
        order.remaining = remainingQuantity;
        order.status = OrderStatus.resting(order.filled);
        resting.put(orderId, order);
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        LiveOrder order = resting.containsKey(orderId) ? resting.remove(orderId) : requireTaker(orderId);
        order.remaining -= cancelledQuantity;
        if (order.remaining != 0) {
            throw new IllegalStateException("order " + orderId + " cancelled with " + order.remaining + " left");
        }
        order.status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        if (order.holdMinor > 0) {
            postings.release(order.organizationId, order.holdMinor, "release:" + order.id);
            order.holdMinor = 0;
        }
        dirty.add(order);
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        LiveOrder order = resting.get(orderId);
        if (order == null) {
            throw new IllegalStateException("amend of an order not resting: " + orderId);
        }
        if (order.priceTicks == null || order.priceTicks != priceTicks) {
            order.priority = priorities.incrementAndGet();
        }
        order.priceTicks = priceTicks;
        order.remaining = remainingQuantity;
        if (order.side == Side.BUY) {
            // A lower quantity at the same price frees the hold of the quantity removed.
            long hold = holdFor(order.remaining, order.filledValueTicks, order.holdPriceTicks);
            if (hold < order.holdMinor) {
                postings.release(order.organizationId, order.holdMinor - hold,
                        "amend-quantity:" + order.id + ":" + order.amendments);
                order.holdMinor = hold;
            }
        }
        dirty.add(order);
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        throw new IllegalStateException("the engine refused a checked command for order " + orderId + ": " + reason);
    }

    private void fill(LiveOrder order, long quantity, long priceTicks) {
        order.remaining -= quantity;
        order.filled += quantity;
        order.filledValueTicks += priceTicks * quantity;
        order.status = order.remaining == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        dirty.add(order);
    }

    /**
     * The hold of a bid: its open quantity at the hold price, plus the fee that would fall due if it all filled
     * there. Fees are rounded once on the order's cumulative value, so a fill never costs more than the hold it
     * releases.
     */
    private long holdFor(long remaining, long filledValueTicks, long holdPriceTicks) {
        long hours = instrument.hours();
        long open = Math.multiplyExact(Math.multiplyExact(remaining, hours), holdPriceTicks);
        long filledMinor = Math.multiplyExact(filledValueTicks, hours);
        return open + fee(filledMinor + open) - fee(filledMinor);
    }

    private long fee(long valueMinor) {
        return Money.percentOf(valueMinor, settings.buyerFeeBasisPoints());
    }

    private void reserveOrRefuse(long organizationId, long amountMinor, String reference) {
        if (!postings.reserve(organizationId, amountMinor, reference)) {
            long creditLimit = store.creditLimit(organizationId);
            var balances = ledger.balances(organizationId);
            throw new CpxException(ErrorCode.INSUFFICIENT_FUNDS, "this order needs " + Money.format(amountMinor)
                    + " reserved; available " + Money.format(balances.availableMinor()) + " plus credit limit "
                    + Money.format(creditLimit));
        }
    }

    /**
     * An ask is covered by unsold capacity: GPUs the seller registered for the class and region plus GPUs it
     * bought on this instrument (a resale on the secondary market), minus what it already sold and offers.
     */
    private void requireCapacity(long organizationId, long quantity) {
        long[] capacity = store.capacity(organizationId, instrument);
        long registered = capacity[0];
        long bought = capacity[1];
        long sold = capacity[2];
        long offered = capacity[3];
        long free = registered + bought - sold - offered;
        if (quantity > free) {
            throw new CpxException(ErrorCode.NO_CAPACITY, "asking " + quantity + " GPUs of " + instrument.computeClass()
                    + " in " + instrument.region() + " for " + instrument.symbol() + ", but only " + Math.max(free, 0)
                    + " are unsold: " + registered + " registered, " + bought + " bought, " + sold + " sold, "
                    + offered + " offered");
        }
    }

    /** The worst ask price a market bid may reach: the hold covers the whole quantity at that price. */
    private static long marketBuyHoldPrice(OrderBook book, long quantity) {
        long reached = 0;
        long price = 0;
        for (PriceLevelView level : book.depth(Side.SELL, Integer.MAX_VALUE)) {
            price = level.priceTicks();
            reached += level.quantity();
            if (reached >= quantity) {
                break;
            }
        }
        return price;
    }

    private LiveOrder restingOwnOrder(long organizationId, long orderId) {
        LiveOrder order = resting.get(orderId);
        if (order != null && order.organizationId == organizationId) {
            return order;
        }
        var row = store.byId(orderId).filter(r -> r.organizationId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("order", orderId));
        throw new CpxException(ErrorCode.ORDER_FINAL, "order " + orderId + " is already " + row.status());
    }

    private LiveOrder requireTaker(long orderId) {
        if (taker == null || taker.id != orderId) {
            throw new IllegalStateException("event for order " + orderId + " that is not the command's");
        }
        return taker;
    }

    private InstrumentInfo instrument(long instrumentId) {
        return instruments.computeIfAbsent(instrumentId, id -> store.instrument(id)
                .orElseThrow(() -> CpxException.notFound("instrument", id)));
    }

    private InstrumentInfo openInstrument(long instrumentId) {
        InstrumentInfo info = instrument(instrumentId);
        if (!info.openAt(now)) {
            throw new CpxException(ErrorCode.MARKET_CLOSED, info.symbol() + " closed for trading at "
                    + info.gateClosure() + "; choose a later delivery day");
        }
        return info;
    }

    private OrderBook book(InstrumentInfo info) {
        return engine.book(info.id()).orElseGet(() -> engine.addBook(info.id()));
    }

    private void flushDirty() {
        // Rows go in the order their foreign keys need: the new order, its trades, their contracts, then the
        // resting orders the command changed.
        if (newOrder != null) {
            store.insertOrder(newOrder.live(), newOrder.clientOrderId(), newOrder.fingerprint(), newOrder.type(),
                    newOrder.timeInForce(), newOrder.quantity(), now);
            dirty.remove(newOrder.live());
        }
        store.insertTrades(tradeRows);
        store.insertContracts(contractRows);
        store.updateOrders(dirty, now);
        for (LiveOrder order : dirty) {
            if (order.status.isFinal()) {
                resting.remove(order.id);
            }
        }
        if (newOrder != null && newOrder.live().status.isFinal()) {
            resting.remove(newOrder.live().id);
        }
        dirty.clear();
        tradeRows.clear();
        contractRows.clear();
        newOrder = null;
    }

    /** Throws the in-memory books away and loads them again from the open orders in the database. */
    void rebuild() {
        engine = new MatchingEngine(MAX_BOOKS, limits, this);
        resting.clear();
        instruments.clear();
        lastPrices.clear();
        lastPrices.putAll(snapshots.lastPrices(index));
        for (OrderStore.OrderRow row : store.openOrders(snapshots.partitions(), index)) {
            InstrumentInfo info = instrument(row.instrumentId());
            book(info);
            engine.insertResting(info.id(), row.id(), row.organizationId(), row.side(), row.priceTicks(),
                    row.remaining());
            resting.put(row.id(), row.live());
            touchedInstruments.add(info.id());
        }
        publishSnapshots();
        log.info("Market partition {} rebuilt: {} resting orders in {} books", index, resting.size(),
                engine.bookCount());
    }

    private void publishSnapshots() {
        for (long instrumentId : touchedInstruments) {
            InstrumentInfo info = instruments.get(instrumentId);
            if (info == null) {
                continue;
            }
            Long last = lastPrices.get(instrumentId);
            var book = engine.book(instrumentId);
            snapshots.publish(instrumentId, book.isEmpty() ? BookView.empty(info.symbol(), last)
                    : new BookView(info.symbol(), levels(book.get(), Side.BUY), levels(book.get(), Side.SELL), last));
        }
        touchedInstruments.clear();
    }

    private static List<BookView.Level> levels(OrderBook book, Side side) {
        return book.depth(side, SNAPSHOT_DEPTH).stream()
                .map(l -> new BookView.Level(l.priceTicks(), l.quantity(), l.orderCount()))
                .toList();
    }
}
