package dev.cpx.core.market.internal;

import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketSettings;
import dev.cpx.core.market.TradeView;
import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreResult;
import dev.cpx.core.market.core.JournalBatch;
import dev.cpx.core.market.core.MarketCore;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the market core: one thread executes commands on the core, a second commits them through the journal writer
 * while the core works on the next (pipelining), and answers go out only after commit. The core collects what it
 * executes into an open batch while the writer is busy and hands the whole batch over as soon as the writer is
 * idle, so the batch grows with the commit time (group commit) and a command waits for at most the commit in
 * progress and its own. The loop
 * never dies: a failed commit or a bug fails the commands in flight with 503, and the core is rebuilt from the
 * database once it answers again, under a new lease epoch. While another instance holds the lease this one
 * stands by and takes over when the lease lapses.
 */
final class MarketLoop {

    private static final Logger log = LoggerFactory.getLogger(MarketLoop.class);
    private static final long RETRY_MILLIS = 1_000;
    private static final long POLL_MILLIS = 100;
    private static final long INBOX_EVERY_MILLIS = 500;
    private static final int INBOX_ROWS = 500;
    private static final int SNAPSHOT_DEPTH = 20;

    enum State { STARTING, ACTIVE, STANDBY, UNAVAILABLE, STOPPED }

    /** How long a command waits for a starting market before it is answered 503. */
    private static final long MAX_START_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A command to execute, or a request to apply the inbox now (answered once applied and committed). */
    private record Pending(CoreCommand command, CompletableFuture<CoreResult> answer, long deadlineNanos) {
    }

    /** Put on the command queue by the writer when it becomes idle, so that a waiting core hands over its batch. */
    private static final Pending WAKE = new Pending(null, null, Long.MAX_VALUE);

    /** A batch the core computed, waiting for its commit. */
    private record Work(long generation, long epoch, List<Pending> pendings, List<CoreResult> results,
                        JournalBatch batch, Map<Long, BookView> books, long wallMillis) {
    }

    private final MarketSettings settings;
    private final Clock marketClock;
    private final MarketStateLoader loader;
    private final MarketLease lease;
    private final JournalWriter writer;
    private final MarketSnapshots snapshots;
    private final BlockingQueue<Pending> queue;
    private final BlockingQueue<Work> commits = new ArrayBlockingQueue<>(1);
    /** True while the writer has nothing to commit: the core then hands it the open batch at once. */
    private final AtomicBoolean writerIdle = new AtomicBoolean(true);
    private final Set<Long> inboxInFlight = ConcurrentHashMap.newKeySet();
    private volatile State state = State.STARTING;
    private volatile boolean running;
    private volatile boolean inboxNudged;
    private volatile long generation;
    private volatile long failedGeneration = -1;
    private volatile String stateDetail = "starting";
    private volatile String forwardToken;
    private Thread coreThread;
    private Thread writerThread;

    // Owned by the core thread: commands taken from the queue, then the open batch (executed, not yet handed to
    // the writer) with their results and the symbols of instruments that expired in it.
    private final List<Pending> inFlight = new ArrayList<>();
    private final List<Pending> open = new ArrayList<>();
    private final List<CoreResult> openResults = new ArrayList<>();
    private final Map<Long, String> openSymbols = new HashMap<>();
    private MarketCore core;
    private long epoch;
    private long lastWriteWallMillis;
    private long lastInboxWallMillis;

    MarketLoop(MarketSettings settings, Clock marketClock, MarketStateLoader loader, MarketLease lease,
               JournalWriter writer, MarketSnapshots snapshots) {
        this.settings = settings;
        this.marketClock = marketClock;
        this.loader = loader;
        this.lease = lease;
        this.writer = writer;
        this.snapshots = snapshots;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    void start() {
        running = true;
        // Also after a stop (a paused context, a restart): commands wait for the rebuild instead of failing.
        state = State.STARTING;
        stateDetail = "starting";
        coreThread = Thread.ofPlatform().name("market-core").daemon().start(this::runCore);
        writerThread = Thread.ofPlatform().name("market-journal").daemon().start(this::runWriter);
    }

    void stop() {
        running = false;
        coreThread.interrupt();
        join(coreThread);
        writerThread.interrupt();
        join(writerThread);
        Work unwritten;
        while ((unwritten = commits.poll()) != null) {
            fail(unwritten, "the market is shutting down; retry");
        }
        if (state == State.ACTIVE) {
            try {
                lease.release(epoch);
            } catch (RuntimeException e) {
                log.warn("Market lease not released at shutdown ({}); it lapses by itself", e.toString());
            }
        }
        state = State.STOPPED;
        failQueued("the market is shutting down; retry");
    }

    /**
     * A command that arrives while the market is starting waits for the rebuild (a moment) rather than failing;
     * a market that is away for another reason (the database, another owner) answers at once.
     */
    private void awaitStart(long deadlineNanos) {
        long until = Math.min(deadlineNanos, System.nanoTime() + MAX_START_WAIT_NANOS);
        while (state == State.STARTING && running && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    State state() {
        return state;
    }

    String stateDetail() {
        return stateDetail;
    }

    /** Whether a forwarded command carries this owner's current token (compared in constant time). */
    boolean acceptsForwardToken(String token) {
        String current = forwardToken;
        return state == State.ACTIVE && current != null && token != null && java.security.MessageDigest.isEqual(
                current.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Executes a command and waits until its batch committed; the command is dropped unexecuted past the wait. */
    CoreResult execute(CoreCommand command) {
        long waitNanos = settings.answerTimeout().toNanos();
        var pending = new Pending(command, new CompletableFuture<>(), System.nanoTime() + waitNanos);
        offer(pending);
        return await(pending, waitNanos);
    }

    /** Applies money and capacity written to the inbox, and waits until that committed (best effort). */
    void applyInboxNow() {
        if (state != State.ACTIVE) {
            inboxNudged = true;
            return;
        }
        long waitNanos = settings.answerTimeout().toNanos();
        var pending = new Pending(null, new CompletableFuture<>(), System.nanoTime() + waitNanos);
        try {
            offer(pending);
            await(pending, waitNanos);
        } catch (CpxException busy) {
            inboxNudged = true;
        }
    }

    private void offer(Pending pending) {
        awaitStart(pending.deadlineNanos());
        if (state != State.ACTIVE) {
            throw unavailable();
        }
        if (!queue.offer(pending)) {
            throw new CpxException(ErrorCode.MARKET_BUSY, "the market queue is full; retry in a moment");
        }
    }

    private CoreResult await(Pending pending, long waitNanos) {
        try {
            // A command executes before its deadline or never; its commit may take a moment more.
            return pending.answer().get(waitNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "no answer from the market in time; the command "
                    + "may still complete: retry with the same clientOrderId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "interrupted while waiting for the market");
        }
    }

    private CpxException unavailable() {
        return new CpxException(ErrorCode.MARKET_UNAVAILABLE, "the market is unavailable (" + stateDetail
                + "); retry in a few seconds, with the same clientOrderId for an order");
    }

    // ---- the core thread

    private void runCore() {
        while (running) {
            try {
                if (state != State.ACTIVE || failedGeneration >= generation) {
                    failOpen("the market is recovering; the command was not executed: retry");
                    becomeOwner();
                    continue;
                }
                Pending first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    inFlight.add(first);
                    queue.drainTo(inFlight, Math.max(1, settings.maxBatch() - open.size()));
                }
                long wall = System.currentTimeMillis();
                boolean inboxDue = inboxNudged || wall - lastInboxWallMillis >= INBOX_EVERY_MILLIS
                        || inFlight.stream().anyMatch(p -> p != WAKE && p.command() == null);
                execute(inFlight, inboxDue, wall);
                inFlight.clear();
                boolean renewDue = wall - lastWriteWallMillis >= settings.lease().toMillis() / 3;
                if (!open.isEmpty() || renewDue) {
                    // The open batch goes to the writer when it is idle, so an order waits for the commit in
                    // progress and then its own; only a full batch is queued behind a busy writer.
                    if (writerIdle.compareAndSet(true, false)) {
                        handOff(wall);
                    } else if (open.size() >= settings.maxBatch()) {
                        handOff(wall);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error failure) {
                boolean databaseAway = failure instanceof org.springframework.dao.DataAccessException;
                if (databaseAway) {
                    log.warn("Market core lost the database ({}); rebuilding once it answers", failure.toString());
                } else {
                    log.error("Market core failed; rebuilding from the database", failure);
                }
                failedGeneration = generation;
                state = State.UNAVAILABLE;
                stateDetail = databaseAway ? "the database is unavailable" : "rebuilding after an internal error";
                // The core's state is lost with these commands: their callers are answered now, not at their timeout.
                inFlight.removeIf(p -> p == WAKE);
                inFlight.forEach(p -> p.answer().completeExceptionally(new CpxException(
                        ErrorCode.MARKET_UNAVAILABLE, "the market could not execute the command; retry")));
                inFlight.clear();
                failOpen("the market could not execute the command; retry");
            }
        }
        failOpen("the market is shutting down; retry");
    }

    /** Executes the commands (and the inbox when due) into the open batch; a command past its deadline is dropped. */
    private void execute(List<Pending> batch, boolean applyInbox, long wall) {
        long now = marketClock.millis();
        for (Pending pending : batch) {
            if (pending == WAKE) {
                continue;
            }
            if (System.nanoTime() > pending.deadlineNanos()) {
                pending.answer().completeExceptionally(new CpxException(ErrorCode.MARKET_UNAVAILABLE,
                        "the market could not take the command in time; it was not executed: retry"));
                continue;
            }
            open.add(pending);
            if (pending.command() == null) {
                openResults.add(new CoreResult.Applied());
                continue;
            }
            if (pending.command() instanceof CoreCommand.Expire expire) {
                core.instrument(expire.instrumentId()).ifPresent(i -> openSymbols.put(i.id(), i.symbol()));
            }
            ensureAccount(pending.command(), now);
            openResults.add(core.execute(pending.command(), now));
        }
        if (applyInbox) {
            inboxNudged = false;
            lastInboxWallMillis = wall;
            for (MarketStateLoader.InboxRow row : loader.pendingInbox(INBOX_ROWS)) {
                if (inboxInFlight.add(row.id())) {
                    CoreCommand command = row.command();
                    ensureAccount(command, now);
                    core.execute(command, now);
                }
            }
        }
    }

    /** Gives the open batch, with the books it touched as they are now, to the writer and opens the next. */
    private void handOff(long wall) throws InterruptedException {
        JournalBatch journal = core.takeBatch();
        var books = new java.util.LinkedHashMap<Long, BookView>();
        for (long instrumentId : journal.touchedInstruments()) {
            String symbol = core.instrument(instrumentId).map(i -> i.symbol()).orElse(openSymbols.get(instrumentId));
            if (symbol != null) {
                books.put(instrumentId, bookView(instrumentId, symbol));
            }
        }
        lastWriteWallMillis = wall;
        var work = new Work(generation, epoch, List.copyOf(open), List.copyOf(openResults), journal, books, wall);
        open.clear();
        openResults.clear();
        openSymbols.clear();
        try {
            commits.put(work);
        } catch (InterruptedException e) {
            fail(work, "the market is shutting down; retry");
            throw e;
        }
    }

    /** The open batch's commands were executed on a core that is being rebuilt: they are answered 503. */
    private void failOpen(String reason) {
        open.forEach(p -> p.answer().completeExceptionally(new CpxException(ErrorCode.MARKET_UNAVAILABLE, reason)));
        open.clear();
        openResults.clear();
        openSymbols.clear();
    }

    /** A command of an organization the core has not seen yet (created after the rebuild) opens its account. */
    private void ensureAccount(CoreCommand command, long now) {
        long organizationId = switch (command) {
            case CoreCommand.Place place -> place.organizationId();
            case CoreCommand.Credit credit -> credit.organizationId();
            case CoreCommand.Payout payout -> payout.organizationId();
            case CoreCommand.SetSpendLimits limits -> limits.organizationId();
            case CoreCommand.SetCreditLimit limit -> limit.organizationId();
            case CoreCommand.PlaceBlock block -> block.organizationId();
            default -> -1;
        };
        if (organizationId > 0 && !core.knowsAccount(organizationId)) {
            loader.account(organizationId).ifPresent(open -> core.execute(open, now));
        }
    }

    private BookView bookView(long instrumentId, String symbol) {
        Long last = core.lastPrice(instrumentId).orElse(null);
        return core.book(instrumentId)
                .map(book -> new BookView(symbol, levels(book, dev.cpx.core.engine.Side.BUY),
                        levels(book, dev.cpx.core.engine.Side.SELL), last))
                .orElseGet(() -> BookView.empty(symbol, last));
    }

    private static List<BookView.Level> levels(dev.cpx.core.engine.OrderBook book, dev.cpx.core.engine.Side side) {
        return book.depth(side, SNAPSHOT_DEPTH).stream()
                .map(l -> new BookView.Level(l.priceTicks(), l.quantity(), l.orderCount()))
                .toList();
    }

    /** Takes the lease and rebuilds the core from the database; on failure waits and says why. */
    private void becomeOwner() throws InterruptedException {
        failQueued(null);
        try {
            var held = lease.acquire(System.currentTimeMillis(), settings.lease().toMillis());
            if (held.isEmpty()) {
                state = State.STANDBY;
                stateDetail = lease.owner().map(o -> "owned by the instance at " + o.address())
                        .orElse("owned by another instance");
                Thread.sleep(RETRY_MILLIS);
                return;
            }
            long started = System.nanoTime();
            core = loader.load(settings.rules(), held.get().nextSequence(), marketClock.instant());
            epoch = held.get().epoch();
            forwardToken = held.get().forwardToken();
            inboxInFlight.clear();
            generation = Math.max(generation, failedGeneration) + 1;
            lastWriteWallMillis = 0;
            lastInboxWallMillis = 0;
            snapshots.clear();
            var books = new java.util.LinkedHashMap<Long, BookView>();
            for (long instrumentId : core.instrumentsWithBooks()) {
                core.instrument(instrumentId).ifPresent(i -> books.put(instrumentId, bookView(instrumentId, i.symbol())));
            }
            snapshots.publish(books, Map.of());
            state = State.ACTIVE;
            stateDetail = "active";
            log.info("Market core rebuilt: {} resting orders in {} books in {} ms (epoch {}, owner at {})",
                    core.restingOrderCount(), core.bookCount(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), epoch, lease.address());
        } catch (RuntimeException failure) {
            state = State.UNAVAILABLE;
            stateDetail = "the database is unavailable";
            log.warn("Market core cannot start ({}); retrying in {} ms", failure.toString(), RETRY_MILLIS);
            Thread.sleep(RETRY_MILLIS);
        }
    }

    private void failQueued(String reason) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            if (pending == WAKE) {
                continue;
            }
            pending.answer().completeExceptionally(reason == null ? unavailable()
                    : new CpxException(ErrorCode.MARKET_UNAVAILABLE, reason));
        }
    }

    // ---- the journal thread

    private void runWriter() {
        while (running || !commits.isEmpty()) {
            Work work;
            try {
                work = commits.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (work != null) {
                commit(work);
                if (commits.isEmpty()) {
                    // Wakes the core if it is waiting for commands with an open batch; a full queue needs no wake.
                    writerIdle.set(true);
                    queue.offer(WAKE);
                }
            }
        }
    }

    private void commit(Work work) {
        if (work.generation() <= failedGeneration) {
            fail(work, "the market is recovering; the command was not executed: retry");
            return;
        }
        try {
            writer.write(work.batch(), work.epoch(), work.wallMillis());
        } catch (JournalWriter.FencedException fenced) {
            log.warn("{}; standing by", fenced.getMessage());
            failedGeneration = work.generation();
            state = State.STANDBY;
            stateDetail = "another instance took the market over";
            fail(work, "another instance took the market over; retry");
            return;
        } catch (RuntimeException failure) {
            if (failure instanceof org.springframework.dao.DataAccessException) {
                log.warn("Market batch of {} commands not committed ({}); rebuilding", work.pendings().size(),
                        failure.toString());
            } else {
                log.error("Market batch of {} commands not committed; rebuilding", work.pendings().size(), failure);
            }
            failedGeneration = work.generation();
            state = State.UNAVAILABLE;
            stateDetail = "the database is unavailable";
            fail(work, "the market could not commit the command; it was not executed: retry");
            return;
        }
        for (int i = 0; i < work.pendings().size(); i++) {
            work.pendings().get(i).answer().complete(work.results().get(i));
        }
        work.batch().inbox().forEach(applied -> inboxInFlight.remove(applied.inboxId()));
        try {
            snapshots.publish(work.books(), newTrades(work.batch()));
        } catch (RuntimeException listenerFailure) {
            log.warn("Live market data not published", listenerFailure);
        }
    }

    /** The batch's trades per instrument, newest first, as market data shows them. */
    private static Map<Long, List<TradeView>> newTrades(JournalBatch batch) {
        var byInstrument = new HashMap<Long, List<TradeView>>();
        for (int i = batch.trades().size() - 1; i >= 0; i--) {
            JournalBatch.TradeRow trade = batch.trades().get(i);
            byInstrument.computeIfAbsent(trade.instrumentId(), id -> new ArrayList<>()).add(new TradeView(trade.id(),
                    trade.priceTicks(), trade.quantity(), java.time.Instant.ofEpochMilli(trade.atMillis()),
                    trade.aggressor()));
        }
        return byInstrument;
    }

    private static void fail(Work work, String reason) {
        work.pendings().forEach(p -> p.answer().completeExceptionally(
                new CpxException(ErrorCode.MARKET_UNAVAILABLE, reason)));
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
