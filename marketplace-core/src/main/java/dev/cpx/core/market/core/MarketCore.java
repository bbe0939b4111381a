package dev.cpx.core.market.core;

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
import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.Amend;
import dev.cpx.core.market.core.CoreCommand.Cancel;
import dev.cpx.core.market.core.CoreCommand.ChangeCapacity;
import dev.cpx.core.market.core.CoreCommand.ChangeLiveCapacity;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.CoreCommand.Expire;
import dev.cpx.core.market.core.CoreCommand.OpenAccount;
import dev.cpx.core.market.core.CoreCommand.Place;
import dev.cpx.core.market.core.CoreCommand.SetSpendLimits;
import dev.cpx.core.market.core.CoreResult.Refused;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.ErrorCode;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The market's single writer: books, live orders, the balances and capacity every pre-trade check needs, and the
 * client order ids of open instruments, all in memory. It executes commands one at a time, deterministically
 * (time comes in with each command), answers each from its own state and gathers what changed into a
 * {@link JournalBatch} for the journal writer. Pure Java: no framework, clock or I/O, so the same commands from
 * the same state give the same answers and the same {@link #stateHash()}, which is what replay relies on.
 *
 * <p>Not thread-safe: one thread owns it.
 */
public final class MarketCore implements EngineListener {

    private static final int MAX_BOOKS = 100_000;
    /** The cancel reason of asks the provider's live capacity no longer covers. */
    public static final String CAPACITY_LOST = "capacity-lost";
    /** The cancel reason of an order stopped at its own organization's resting order (self-trade prevention). */
    public static final String SELF_TRADE = "self-trade";

    private final CoreRules rules;
    private final MatchingEngine engine;
    private final OrderBook emptyBook;
    private final Long2ObjectOpenHashMap<CoreOrder> live = new Long2ObjectOpenHashMap<>();
    private final Long2ObjectOpenHashMap<CoreInstrument> instruments = new Long2ObjectOpenHashMap<>();
    private final Map<Long, CoreAccount> accounts = new HashMap<>();
    private final Map<String, Long> registeredGpus = new HashMap<>();
    /** GPUs of registered nodes that are not live (reported DOWN, or silent past the heartbeat limit). */
    private final Map<String, Long> downGpus = new HashMap<>();
    private final Map<Position.Key, Position> positions = new HashMap<>();
    private final Map<String, KnownClientOrder> clientOrderIds = new HashMap<>();
    /** The keys of {@link #clientOrderIds} by instrument, so that a closing instrument's ids are found at once. */
    private final Map<Long, List<String>> clientKeysByInstrument = new HashMap<>();
    /** The keys of {@link #positions} by instrument, for the same reason. */
    private final Map<Long, List<Position.Key>> positionKeysByInstrument = new HashMap<>();
    /**
     * The instruments the core holds anything of, by gate closure. Once an instrument's gate has closed with nothing
     * resting on it, the core forgets it as a rebuild would not load it (its client order ids move to the closed
     * set, its positions and last price go): the live core and a rebuilt one hold the same, and memory does not grow
     * with every hour ever traded.
     */
    private final TreeMap<Long, List<Long>> closingAt = new TreeMap<>();
    private final java.util.Set<Long> scheduled = new java.util.HashSet<>();
    /** Closed instruments with orders still resting: forgotten once none rests (cancelled, filled or expired). */
    private final java.util.Set<Long> closedWithOrders = new java.util.TreeSet<>();
    /** Those of them whose orders the last commands changed: the only ones that can have emptied since. */
    private final List<Long> closedTouched = new ArrayList<>();
    private final LongOpenHashSet closedClientOrderIds = new LongOpenHashSet();
    private final Map<Long, Long> lastPrices = new HashMap<>();
    private final Map<String, Long> lastClassRegionPrices = new HashMap<>();
    private final Map<Long, RateBucket> rates = new HashMap<>();
    /** Halted instruments (id to symbol) and compute classes: no new orders or amends there. */
    private final TreeMap<Long, String> haltedInstruments = new TreeMap<>();
    private final java.util.TreeSet<String> haltedClasses = new java.util.TreeSet<>();
    private long nextSequence;

    // The command being executed; the engine calls back synchronously.
    private JournalBatch batch = new JournalBatch();
    private final Set<CoreOrder> dirty = new LinkedHashSet<>();
    private CoreOrder taker;
    /** While a block's children are placed: the block made their rate, band and spend checks once for all. */
    private boolean placingBlock;
    private long[] blockBuyPrices = new long[0];
    private long now;
    private long sequence;

    private record KnownClientOrder(long orderId, String fingerprint, long instrumentId) {
    }

    public MarketCore(CoreRules rules, long nextSequence) {
        this.rules = rules;
        this.nextSequence = nextSequence;
        var limits = new BookLimits(rules.maxRestingOrdersPerBook(), rules.maxPriceTicks(), rules.maxQuantity(),
                rules.maxPriceSpanTicks());
        this.engine = new MatchingEngine(MAX_BOOKS, limits, this);
        this.emptyBook = new OrderBook(-1, limits, this);
    }

    // ---- loading the state a rebuild reads from the database

    public void loadAccount(long organizationId, long availableMinor, long heldMinor, long creditLimitMinor) {
        accounts.put(organizationId, new CoreAccount(organizationId, availableMinor, heldMinor, creditLimitMinor));
    }

    /** A buyer's spend limits (null for none) and what it spent on the UTC day of {@code nowMillis}. */
    public void loadSpending(long organizationId, Long perOrderMinor, Long perDayMinor, long spentMinor,
                             long nowMillis) {
        CoreAccount account = accounts.get(organizationId);
        if (account == null) {
            throw new IllegalArgumentException("spend limits of organization " + organizationId + " before its account");
        }
        account.perOrderLimitMinor = perOrderMinor;
        account.perDayLimitMinor = perDayMinor;
        account.spend(spentMinor, nowMillis);
    }

    public void loadRegisteredGpus(long organizationId, String computeClass, String region, long gpus) {
        registeredGpus.merge(capacityKey(organizationId, computeClass, region), gpus, Long::sum);
    }

    /** GPUs of registered nodes that are not live. */
    public void loadDownGpus(long organizationId, String computeClass, String region, long gpus) {
        downGpus.merge(capacityKey(organizationId, computeClass, region), gpus, Long::sum);
    }

    /** An open instrument a rebuild loads, with or without orders. */
    public void loadInstrument(CoreInstrument instrument) {
        know(instrument);
    }

    /** GPUs the organization bought and sold on an open instrument (contracts). */
    public void loadPosition(long organizationId, CoreInstrument instrument, long bought, long sold) {
        know(instrument);
        Position position = position(organizationId, instrument.id());
        position.bought += bought;
        position.sold += sold;
    }

    /** A resting order, loaded in time priority. */
    public void loadRestingOrder(OrderSnapshot row) {
        if (row.status().isFinal() || row.remaining() < 1 || row.priceTicks() == null) {
            throw new IllegalArgumentException("order " + row.id() + " cannot rest: " + row.status());
        }
        CoreOrder order = new CoreOrder(row);
        order.requireConserved();
        book(row.instrument());
        engine.insertResting(row.instrument().id(), row.id(), row.organizationId(), row.side(), row.priceTicks(),
                row.remaining());
        rest(order);
        rememberClientOrder(clientKey(row.organizationId(), row.clientOrderId()),
                new KnownClientOrder(row.id(), row.fingerprint(), row.instrument().id()));
    }

    /** A client order id of a final order of an open instrument: placing it again is a replay or a conflict. */
    public void loadClientOrderId(long organizationId, String clientOrderId, long orderId, String fingerprint,
                                  long instrumentId) {
        rememberClientOrder(clientKey(organizationId, clientOrderId),
                new KnownClientOrder(orderId, fingerprint, instrumentId));
    }

    /** A client order id used on an instrument that has closed. */
    public void loadClosedClientOrderId(long organizationId, String clientOrderId) {
        closedClientOrderIds.add(hash(clientKey(organizationId, clientOrderId)));
    }

    /** The last trade price of an instrument; load in trade order so the newest of a class and region wins. */
    public void loadLastPrice(CoreInstrument instrument, long priceTicks) {
        know(instrument);
        lastPrices.put(instrument.id(), priceTicks);
        lastClassRegionPrices.put(instrument.classRegion(), priceTicks);
    }

    /** The last trade price of a class and region, on any instrument, closed ones included. */
    public void loadClassRegionPrice(String computeClass, String region, long priceTicks) {
        lastClassRegionPrices.put(CoreInstrument.classRegion(computeClass, region), priceTicks);
    }

    /** A halt in force: of an instrument when {@code instrumentId} is not null, else of a compute class. */
    public void loadHalt(Long instrumentId, String symbol, String computeClass) {
        if (instrumentId != null) {
            haltedInstruments.put(instrumentId, symbol);
        } else {
            haltedClasses.add(computeClass);
        }
    }

    // ---- commands

    /** Executes one command at {@code nowMillis}; its effects join the current batch. */
    public CoreResult execute(CoreCommand command, long nowMillis) {
        forgetClosed(nowMillis);
        now = nowMillis;
        sequence = nextSequence++;
        dirty.clear();
        taker = null;
        CoreResult result = switch (command) {
            case Place place -> place(place);
            case Cancel cancel -> cancel(cancel);
            case Amend amend -> amend(amend);
            case Expire expire -> expire(expire.instrumentId());
            case OpenAccount open -> openAccount(open);
            case Credit credit -> credit(credit);
            case CoreCommand.Payout payout -> payout(payout);
            case ChangeCapacity change -> changeCapacity(change);
            case SetSpendLimits limits -> setSpendLimits(limits);
            case CoreCommand.SetCreditLimit limit -> setCreditLimit(limit);
            case ChangeLiveCapacity change -> changeLiveCapacity(change);
            case CoreCommand.PlaceBlock block -> placeBlock(block);
            case CoreCommand.Halt halt -> halt(halt);
            case CoreCommand.Resume resume -> resume(resume);
        };
        if (result instanceof Refused && !dirty.isEmpty()) {
            throw new IllegalStateException("a refusal after changes: " + result);
        }
        for (CoreOrder order : dirty) {
            order.requireConserved();
            batch.order(order.snapshot());
            if (!closedWithOrders.isEmpty() && closedWithOrders.contains(order.instrument.id())) {
                closedTouched.add(order.instrument.id());
            }
        }
        dirty.clear();
        taker = null;
        batch.command(new JournalBatch.ExecutedCommand(sequence, now, command, result.outcome()));
        return result;
    }

    /** What the commands since the last call changed; a new batch starts. */
    public JournalBatch takeBatch() {
        JournalBatch taken = batch;
        taken.nextSequence(nextSequence);
        batch = new JournalBatch();
        return taken;
    }

    /** Passes over a sequence number the journal does not hold (an audit of a journal with a gap goes on). */
    public void skipSequence() {
        nextSequence++;
    }

    public boolean knowsAccount(long organizationId) {
        return accounts.containsKey(organizationId);
    }

    public long nextSequence() {
        return nextSequence;
    }

    public Optional<OrderBook> book(long instrumentId) {
        return engine.book(instrumentId);
    }

    public Optional<Long> lastPrice(long instrumentId) {
        return Optional.ofNullable(lastPrices.get(instrumentId));
    }

    public Optional<CoreInstrument> instrument(long instrumentId) {
        return Optional.ofNullable(instruments.get(instrumentId));
    }

    /** Instruments that have a book (open, or closed with orders still to expire). */
    public List<Long> instrumentsWithBooks() {
        var ids = new ArrayList<Long>(instruments.keySet());
        ids.sort(null);
        return ids;
    }

    public int restingOrderCount() {
        return live.size();
    }

    public int bookCount() {
        return engine.bookCount();
    }

    private CoreResult place(Place command) {
        long organizationId = command.organizationId();
        String key = clientKey(organizationId, command.clientOrderId());
        KnownClientOrder known = clientOrderIds.get(key);
        if (known != null) {
            return known.fingerprint().equals(command.fingerprint()) ? new CoreResult.Replay(known.orderId())
                    : new Refused(ErrorCode.IDEMPOTENCY_CONFLICT, "clientOrderId " + command.clientOrderId()
                            + " was used for a different order (" + known.orderId() + ")");
        }
        if (!command.clientOrderIdChecked() && closedClientOrderIds.contains(hash(key))) {
            return new CoreResult.ClientOrderIdUsedBefore(organizationId, command.clientOrderId());
        }
        CoreInstrument instrument = command.instrument();
        Refused refused = termsRefusal(command);
        if (refused == null && !placingBlock) {
            refused = entryRefusal(organizationId, instrument);
        }
        if (refused != null) {
            return refused;
        }
        // Checked against the book if it has one, else against an empty one: a refusal must leave nothing behind.
        OrderBook book = engine.book(instrument.id()).orElse(emptyBook);
        boolean limit = command.type() == OrderType.LIMIT;
        long limitTicks = limit ? command.priceTicks() : 0;
        TimeInForce engineTimeInForce = command.timeInForce();
        if (limit && !placingBlock) {
            refused = bandRefusal(instrument, limitTicks);
            if (refused != null) {
                return refused;
            }
        }
        if (limit && command.timeInForce() == TimeInForce.GTC) {
            boolean wouldRest = book.fillableQuantity(organizationId, command.side(), limitTicks, command.quantity())
                    < command.quantity();
            if (wouldRest) {
                refused = restingRefusal(organizationId, instrument, book, command.side(), limitTicks);
                if (refused != null) {
                    return refused;
                }
            } else if (book.restingOrderCount() >= rules.maxRestingOrdersPerBook()) {
                // It fills whole at once, so it never rests: the engine refuses GTC at a full book, IOC it takes.
                engineTimeInForce = TimeInForce.IOC;
            }
        }
        boolean buy = command.side() == Side.BUY;
        long holdPriceTicks = !buy ? 0 : limit ? limitTicks : marketBuyHoldPrice(book, command.quantity());
        long holdMinor = buy ? holdFor(instrument, command.quantity(), 0, holdPriceTicks) : 0;
        CoreAccount account = accounts.get(organizationId);
        refused = buy ? (account.canReserve(holdMinor) ? (placingBlock ? null
                : account.spendRefusal(holdMinor, holdMinor, now)) : insufficientFunds(account, holdMinor))
                : capacityRefusal(organizationId, instrument, command.quantity());
        if (refused != null) {
            return refused;
        }
        book(instrument);
        long orderId = nextSequence++;
        CoreOrder order = new CoreOrder(new OrderSnapshot(orderId, organizationId, command.clientOrderId(),
                command.fingerprint(), instrument, command.side(), command.type(), command.timeInForce(),
                limit ? limitTicks : null, command.quantity(), command.quantity(), 0, 0, 0, OrderStatus.NEW,
                holdPriceTicks, holdMinor, orderId, 0, now, List.of(), null, command.project()));
        if (holdMinor > 0) {
            reserve(account, holdMinor, "hold:" + orderId);
        }
        rememberClientOrder(key, new KnownClientOrder(orderId, command.fingerprint(), instrument.id()));
        know(instrument);
        batch.placed(orderId);
        taker = order;
        dirty.add(order);
        engine.place(instrument.id(), orderId, organizationId, command.side(), command.type(), engineTimeInForce,
                limitTicks, command.quantity());
        batch.touched(instrument.id());
        return new CoreResult.OrderAnswer(order.snapshot(), true);
    }

    /** Instruments one block may span: 14 days of hours. */
    public static final int MAX_BLOCK_INSTRUMENTS = 14 * 24;

    /**
     * A block order, all or nothing: every check for every child is made first, against the state before the block;
     * then the children are placed without the per-order checks the block already made (rate, band, spend). A BUY
     * child that does not fill whole after that is a broken invariant: the batch fails and nothing is committed.
     */
    private CoreResult placeBlock(CoreCommand.PlaceBlock command) {
        long organizationId = command.organizationId();
        List<CoreInstrument> block = command.instruments();
        KnownClientOrder known = clientOrderIds.get(clientKey(organizationId, childId(command, 0)));
        if (known != null) {
            return known.fingerprint().equals(childFingerprint(command, 0)) ? new CoreResult.Replay(known.orderId())
                    : new Refused(ErrorCode.IDEMPOTENCY_CONFLICT, "clientOrderId " + command.clientOrderId()
                            + " was used for a different block (" + known.orderId() + ")");
        }
        if (closedClientOrderIds.contains(hash(clientKey(organizationId, childId(command, 0))))) {
            return new CoreResult.ClientOrderIdUsedBefore(organizationId, command.clientOrderId());
        }
        Refused refused = blockRefusal(command);
        if (refused != null) {
            return refused;
        }
        var children = new ArrayList<OrderSnapshot>(block.size());
        placingBlock = true;
        try {
            for (int i = 0; i < block.size(); i++) {
                CoreResult child = place(new Place(organizationId, childId(command, i), childFingerprint(command, i),
                        block.get(i), command.side(), OrderType.LIMIT,
                        command.side() == Side.BUY ? TimeInForce.IOC : TimeInForce.GTC,
                        command.side() == Side.BUY ? blockBuyPrices[i] : command.limitPriceTicks(), command.quantity(),
                        true, command.project()));
                if (!(child instanceof CoreResult.OrderAnswer answer)
                        || (command.side() == Side.BUY && answer.order().status() != OrderStatus.FILLED)) {
                    throw new IllegalStateException("block " + command.clientOrderId() + " child " + (i + 1)
                            + " did not execute whole after its checks: " + child);
                }
                children.add(answer.order());
            }
        } finally {
            placingBlock = false;
        }
        return new CoreResult.BlockAnswer(List.copyOf(children));
    }

    /** Every check of every child, on the state before the block; fills {@link #blockBuyPrices} for a BUY. */
    private Refused blockRefusal(CoreCommand.PlaceBlock command) {
        List<CoreInstrument> block = command.instruments();
        if (block.isEmpty() || block.size() > MAX_BLOCK_INSTRUMENTS) {
            return new Refused(ErrorCode.VALIDATION_FAILED, "a block spans 1 to " + MAX_BLOCK_INSTRUMENTS
                    + " instruments");
        }
        if (command.quantity() < 1 || command.quantity() > rules.maxQuantity()
                || command.limitPriceTicks() < 1 || command.limitPriceTicks() > rules.maxPriceTicks()) {
            return new Refused(ErrorCode.VALIDATION_FAILED, "quantity must be 1 to " + rules.maxQuantity()
                    + " and the limit price 0.01 to " + Money.format(rules.maxPriceTicks()));
        }
        Refused refused = entryRefusal(command.organizationId(), block.getFirst());
        for (int i = 1; refused == null && i < block.size(); i++) {
            if (!block.get(i).openAt(now)) {
                refused = new Refused(ErrorCode.MARKET_CLOSED, block.get(i).symbol() + " is closed for trading");
            } else {
                refused = haltRefusal(block.get(i));
            }
        }
        if (refused != null) {
            return refused;
        }
        return command.side() == Side.BUY ? buyBlockRefusal(command) : sellBlockRefusal(command);
    }

    private Refused buyBlockRefusal(CoreCommand.PlaceBlock command) {
        List<CoreInstrument> block = command.instruments();
        long organizationId = command.organizationId();
        blockBuyPrices = new long[block.size()];
        long valueMinor = 0;
        long holdMinor = 0;
        long gpuHours = 0;
        for (int i = 0; i < block.size(); i++) {
            CoreInstrument instrument = block.get(i);
            OrderBook book = engine.book(instrument.id()).orElse(emptyBook);
            long worst = marketBuyHoldPrice(book, command.quantity());
            if (worst == 0 || book.fillableQuantity(organizationId, Side.BUY, worst, command.quantity())
                    < command.quantity()) {
                return new Refused(ErrorCode.BLOCK_NOT_FILLABLE, "only " + book.fillableQuantity(organizationId,
                        Side.BUY, rules.maxPriceTicks(), command.quantity()) + " of " + command.quantity()
                        + " GPUs can be bought in " + instrument.symbol() + " (your own asks do not count); "
                        + "nothing was bought");
            }
            Refused band = bandRefusal(instrument, worst);
            if (band != null) {
                return band;
            }
            blockBuyPrices[i] = worst;
            valueMinor = Math.addExact(valueMinor, Math.multiplyExact(costTicks(book, command.quantity()),
                    instrument.hours()));
            holdMinor = Math.addExact(holdMinor, holdFor(instrument, command.quantity(), 0, worst));
            gpuHours = Math.addExact(gpuHours, Math.multiplyExact(command.quantity(), instrument.hours()));
        }
        if (command.maxValueMinor() != null && valueMinor > command.maxValueMinor()) {
            return new Refused(ErrorCode.BLOCK_NOT_FILLABLE, "the cheapest fill of the whole block costs "
                    + Money.format(valueMinor) + ", over your cap of " + Money.format(command.maxValueMinor())
                    + "; nothing was bought");
        }
        if (valueMinor > Math.multiplyExact(command.limitPriceTicks(), gpuHours)) {
            return new Refused(ErrorCode.BLOCK_NOT_FILLABLE, "the cheapest fill of the whole block averages "
                    + Money.formatAverage(valueMinor, gpuHours) + " per GPU-hour, over your limit of "
                    + Money.format(command.limitPriceTicks()) + "; nothing was bought");
        }
        CoreAccount account = accounts.get(organizationId);
        return account.canReserve(holdMinor) ? account.spendRefusal(holdMinor, holdMinor, now)
                : insufficientFunds(account, holdMinor);
    }

    private Refused sellBlockRefusal(CoreCommand.PlaceBlock command) {
        for (CoreInstrument instrument : command.instruments()) {
            OrderBook book = engine.book(instrument.id()).orElse(emptyBook);
            Refused refused = bandRefusal(instrument, command.limitPriceTicks());
            if (refused == null && book.fillableQuantity(command.organizationId(), Side.SELL,
                    command.limitPriceTicks(), command.quantity()) < command.quantity()) {
                refused = restingRefusal(command.organizationId(), instrument, book, Side.SELL,
                        command.limitPriceTicks());
            }
            if (refused == null) {
                refused = capacityRefusal(command.organizationId(), instrument, command.quantity());
            }
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    /** What buying {@code quantity} from the best asks costs per hour, in ticks (the hours come on top). */
    private static long costTicks(OrderBook book, long quantity) {
        long left = quantity;
        long cost = 0;
        for (PriceLevelView level : book.depth(Side.SELL, Integer.MAX_VALUE)) {
            long take = Math.min(left, level.quantity());
            cost = Math.addExact(cost, Math.multiplyExact(take, level.priceTicks()));
            left -= take;
            if (left == 0) {
                break;
            }
        }
        return cost;
    }

    private static String childId(CoreCommand.PlaceBlock command, int index) {
        return command.clientOrderId() + ":" + (index + 1);
    }

    /** Every child carries the block's terms: the client order id tells them apart. */
    private static String childFingerprint(CoreCommand.PlaceBlock command, int index) {
        return command.fingerprint();
    }

    private CoreResult cancel(Cancel command) {
        CoreOrder order = live.get(command.orderId());
        if (order == null || order.organizationId != command.organizationId()) {
            return new CoreResult.NotLive(command.orderId());
        }
        engine.cancel(order.instrument.id(), order.id);
        batch.touched(order.instrument.id());
        return new CoreResult.OrderAnswer(order.snapshot(), false);
    }

    private CoreResult amend(Amend command) {
        CoreOrder order = live.get(command.orderId());
        if (order == null || order.organizationId != command.organizationId()) {
            return new CoreResult.NotLive(command.orderId());
        }
        CoreInstrument instrument = order.instrument;
        Refused refused = entryRefusal(order.organizationId, instrument);
        if (refused != null) {
            return refused;
        }
        long newRemaining = command.remainingQuantity() == null ? order.remaining : command.remainingQuantity();
        long newPrice = command.priceTicks() == null ? order.priceTicks : command.priceTicks();
        if (newRemaining > order.remaining) {
            return new Refused(ErrorCode.QUANTITY_INCREASE, "an amend may keep or lower the open quantity ("
                    + order.remaining + "); place a new order for more");
        }
        if (newRemaining < 1) {
            return new Refused(ErrorCode.INVALID_QUANTITY, "an amend keeps at least 1 GPU open; cancel instead");
        }
        if (newPrice < 1 || newPrice > rules.maxPriceTicks()) {
            return new Refused(ErrorCode.INVALID_PRICE, "price must be between 0.01 and "
                    + Money.format(rules.maxPriceTicks()));
        }
        if (newPrice != order.priceTicks) {
            refused = bandRefusal(instrument, newPrice);
            if (refused == null && !fitsPriceSpanRepriced(order, newPrice, newRemaining)) {
                refused = spanRefusal(instrument, order.side, newPrice);
            }
            if (refused != null) {
                return refused;
            }
        }
        CoreAccount account = accounts.get(order.organizationId);
        long newHold = order.side == Side.BUY ? holdFor(instrument, newRemaining, order.filledValueTicks, newPrice) : 0;
        if (newHold > order.holdMinor) {
            long more = newHold - order.holdMinor;
            long filledMinor = Math.multiplyExact(order.filledValueTicks, instrument.hours());
            refused = account.canReserve(more) ? account.spendRefusal(filledMinor + fee(filledMinor) + newHold, more,
                    now) : insufficientFunds(account, more);
            if (refused != null) {
                return refused;
            }
        }
        order.amendments++;
        if (newHold > order.holdMinor) {
            reserve(account, newHold - order.holdMinor, "amend:" + order.id + ":" + order.amendments);
        } else if (newHold < order.holdMinor) {
            release(account, order.holdMinor - newHold, "amend:" + order.id + ":" + order.amendments);
        }
        if (order.side == Side.BUY) {
            order.holdMinor = newHold;
            order.holdPriceTicks = newPrice;
        }
        taker = order;
        dirty.add(order);
        engine.amend(instrument.id(), order.id, newPrice, newRemaining);
        batch.touched(instrument.id());
        return new CoreResult.OrderAnswer(order.snapshot(), false);
    }

    /**
     * Closes the instrument's book if it has one; what was loaded for it without a book (client order ids of final
     * orders, positions, the last price) is forgotten as well.
     */
    private CoreResult expire(long instrumentId) {
        if (instruments.containsKey(instrumentId)) {
            engine.closeBook(instrumentId);
            batch.touched(instrumentId);
        }
        forget(instrumentId);
        closedWithOrders.remove(instrumentId);
        scheduled.remove(instrumentId);
        if (haltedInstruments.remove(instrumentId) != null) {
            // A closed instrument cannot trade again: its halt has nothing left to stop.
            batch.halt(new JournalBatch.HaltRow(instrumentHaltKey(instrumentId), instrumentId, null, null, null, now,
                    false));
        }
        return new CoreResult.Applied();
    }

    /**
     * Forgets the instruments whose gate closed by {@code nowMillis} with nothing resting on them (an instrument
     * with resting orders waits for its {@link CoreCommand.Expire}). Runs before every command at the command's time,
     * so a replay forgets at the same points; an audit brings a replayed core to the time it compares at.
     */
    public void forgetClosed(long nowMillis) {
        boolean closedNow = false;
        while (!closingAt.isEmpty() && closingAt.firstKey() <= nowMillis) {
            closedWithOrders.addAll(closingAt.pollFirstEntry().getValue());
            closedNow = true;
        }
        if (!closedWithOrders.isEmpty()) {
            // Between a gate closure and the instruments' expiry every command passes here: look only at what
            // can have emptied, the instruments that just closed or whose orders the last commands changed.
            for (long instrumentId : closedNow ? List.copyOf(closedWithOrders) : closedTouched) {
                forgetIfEmpty(instrumentId);
            }
        }
        closedTouched.clear();
    }

    private void forgetIfEmpty(long instrumentId) {
        if (!closedWithOrders.contains(instrumentId)) {
            return;
        }
        var book = engine.book(instrumentId);
        if (book.isPresent() && book.get().restingOrderCount() > 0) {
            return;
        }
        closedWithOrders.remove(instrumentId);
        scheduled.remove(instrumentId);
        if (book.isPresent()) {
            engine.closeBook(instrumentId);
        }
        forget(instrumentId);
    }

    /** What the core held of a closed instrument besides its book: client order ids, positions, last price. */
    private void forget(long instrumentId) {
        List<String> keys = clientKeysByInstrument.remove(instrumentId);
        if (keys != null) {
            for (String key : keys) {
                KnownClientOrder known = clientOrderIds.get(key);
                if (known != null && known.instrumentId() == instrumentId) {
                    clientOrderIds.remove(key);
                    closedClientOrderIds.add(hash(key));
                }
            }
        }
        List<Position.Key> positionKeys = positionKeysByInstrument.remove(instrumentId);
        if (positionKeys != null) {
            positionKeys.forEach(positions::remove);
        }
        instruments.remove(instrumentId);
        lastPrices.remove(instrumentId);
    }

    private void rememberClientOrder(String key, KnownClientOrder known) {
        clientOrderIds.put(key, known);
        clientKeysByInstrument.computeIfAbsent(known.instrumentId(), id -> new ArrayList<>()).add(key);
    }

    private void know(CoreInstrument instrument) {
        if (scheduled.add(instrument.id())) {
            closingAt.computeIfAbsent(instrument.gateClosureMillis(), gate -> new ArrayList<>()).add(instrument.id());
        }
    }

    private CoreResult openAccount(OpenAccount command) {
        accounts.putIfAbsent(command.organizationId(), new CoreAccount(command.organizationId(),
                command.availableMinor(), command.heldMinor(), command.creditLimitMinor()));
        return new CoreResult.Applied();
    }

    private CoreResult credit(Credit command) {
        CoreAccount account = accounts.computeIfAbsent(command.organizationId(), id -> new CoreAccount(id, 0, 0, 0));
        long amount = command.amountMinor();
        if (amount != 0) {
            account.availableMinor += amount;
            batch.entry(amount > 0 ? "CREDIT" : "DEBIT", "inbox:" + command.inboxId(), now, List.of(
                    new JournalBatch.LedgerLine(AccountCodes.IN_TRANSIT, -amount),
                    new JournalBatch.LedgerLine(AccountCodes.available(account.organizationId), amount)));
        }
        batch.applied(new JournalBatch.AppliedInbox(command.inboxId(), sequence));
        return new CoreResult.Applied();
    }

    /** A payout leaves the wallet whole or not at all: never below what is available, and never a partial one. */
    private CoreResult payout(CoreCommand.Payout command) {
        batch.applied(new JournalBatch.AppliedInbox(command.inboxId(), sequence));
        CoreAccount account = accounts.get(command.organizationId());
        long amount = command.amountMinor();
        if (amount <= 0) {
            return new Refused(ErrorCode.VALIDATION_FAILED, "a payout is positive, not " + amount);
        }
        long available = account == null ? 0 : account.availableMinor;
        if (available < amount) {
            return new Refused(ErrorCode.INSUFFICIENT_FUNDS, "a payout of " + amount + " with " + available
                    + " available");
        }
        account.availableMinor -= amount;
        batch.entry("PAYOUT", "inbox:" + command.inboxId(), now, List.of(
                new JournalBatch.LedgerLine(AccountCodes.available(account.organizationId), -amount),
                new JournalBatch.LedgerLine(AccountCodes.PAYOUTS_IN_TRANSIT, amount)));
        return new CoreResult.Applied();
    }

    private CoreResult setCreditLimit(CoreCommand.SetCreditLimit command) {
        batch.applied(new JournalBatch.AppliedInbox(command.inboxId(), sequence));
        if (command.creditLimitMinor() < 0) {
            return new Refused(ErrorCode.VALIDATION_FAILED, "a credit limit cannot be negative");
        }
        accounts.computeIfAbsent(command.organizationId(), id -> new CoreAccount(id, 0, 0, 0)).creditLimitMinor =
                command.creditLimitMinor();
        return new CoreResult.Applied();
    }

    private CoreResult setSpendLimits(SetSpendLimits command) {
        for (Long limit : new Long[] {command.perOrderMinor(), command.perDayMinor()}) {
            if (limit != null && limit < 0) {
                return new Refused(ErrorCode.VALIDATION_FAILED, "a spend limit cannot be negative");
            }
        }
        CoreAccount account = accounts.computeIfAbsent(command.organizationId(), id -> new CoreAccount(id, 0, 0, 0));
        account.perOrderLimitMinor = command.perOrderMinor();
        account.perDayLimitMinor = command.perDayMinor();
        batch.spendLimits(new JournalBatch.SpendLimitsRow(command.organizationId(), command.perOrderMinor(),
                command.perDayMinor(), now));
        return new CoreResult.Applied();
    }

    private CoreResult halt(CoreCommand.Halt command) {
        CoreInstrument instrument = command.instrument();
        if (instrument == null && (command.computeClass() == null || command.computeClass().isBlank())) {
            return new Refused(ErrorCode.VALIDATION_FAILED, "a halt names an instrument or a compute class");
        }
        if (instrument != null && !instrument.openAt(now)) {
            return new Refused(ErrorCode.MARKET_CLOSED, instrument.symbol() + " is closed for trading already");
        }
        boolean added = instrument != null ? haltedInstruments.putIfAbsent(instrument.id(), instrument.symbol()) == null
                : haltedClasses.add(command.computeClass());
        String what = instrument != null ? instrument.symbol() : "compute class " + command.computeClass();
        if (!added) {
            return new Refused(ErrorCode.CONFLICT, what + " is halted already");
        }
        batch.halt(new JournalBatch.HaltRow(instrument != null ? instrumentHaltKey(instrument.id())
                : classHaltKey(command.computeClass()), instrument != null ? instrument.id() : null,
                instrument != null ? null : command.computeClass(), command.reason(), command.haltedBy(), now, true));
        return new CoreResult.Applied();
    }

    private CoreResult resume(CoreCommand.Resume command) {
        Long instrumentId = command.instrumentId();
        boolean lifted = instrumentId != null ? haltedInstruments.remove(instrumentId) != null
                : command.computeClass() != null && haltedClasses.remove(command.computeClass());
        if (!lifted) {
            return new Refused(ErrorCode.NOT_FOUND, (instrumentId != null ? "instrument " + instrumentId
                    : "compute class " + command.computeClass()) + " is not halted");
        }
        batch.halt(new JournalBatch.HaltRow(instrumentId != null ? instrumentHaltKey(instrumentId)
                : classHaltKey(command.computeClass()), instrumentId, instrumentId != null ? null
                : command.computeClass(), null, null, now, false));
        return new CoreResult.Applied();
    }

    public static String instrumentHaltKey(long instrumentId) {
        return "instrument:" + instrumentId;
    }

    public static String classHaltKey(String computeClass) {
        return "class:" + computeClass;
    }

    /** Whether new orders on the instrument are refused because the platform halted it or its compute class. */
    public boolean halted(CoreInstrument instrument) {
        return haltedInstruments.containsKey(instrument.id()) || haltedClasses.contains(instrument.computeClass());
    }

    private CoreResult changeCapacity(ChangeCapacity command) {
        registeredGpus.merge(capacityKey(command.organizationId(), command.computeClass(), command.region()),
                command.gpus(), Long::sum);
        batch.applied(new JournalBatch.AppliedInbox(command.inboxId(), sequence));
        if (command.gpus() < 0) {
            shedAsks(command.organizationId(), command.computeClass(), command.region());
        }
        return new CoreResult.Applied();
    }

    private CoreResult changeLiveCapacity(ChangeLiveCapacity command) {
        String key = capacityKey(command.organizationId(), command.computeClass(), command.region());
        if (downGpus.merge(key, -command.gpus(), Long::sum) == 0) {
            downGpus.remove(key);
        }
        batch.applied(new JournalBatch.AppliedInbox(command.inboxId(), sequence));
        if (command.gpus() < 0) {
            shedAsks(command.organizationId(), command.computeClass(), command.region());
        }
        return new CoreResult.Applied();
    }

    /**
     * Listed means rentable: where the provider now offers more on an instrument of this class and region than its
     * live GPUs (plus bought, minus sold) cover, its asks there are cancelled newest first until they fit.
     */
    private void shedAsks(long organizationId, String computeClass, String region) {
        long liveGpus = liveGpus(organizationId, computeClass, region);
        List<CoreOrder> asks = new ArrayList<>();
        for (CoreOrder order : live.values()) {
            if (order.organizationId == organizationId && order.side == Side.SELL
                    && order.instrument.computeClass().equals(computeClass) && order.instrument.region().equals(region)) {
                asks.add(order);
            }
        }
        asks.sort(java.util.Comparator.comparingLong((CoreOrder o) -> o.priority).reversed());
        for (CoreOrder ask : asks) {
            Position position = position(organizationId, ask.instrument.id());
            if (liveGpus + position.bought - position.sold - position.offered >= 0) {
                continue;
            }
            ask.cancelReason = CAPACITY_LOST;
            engine.cancel(ask.instrument.id(), ask.id);
            batch.touched(ask.instrument.id());
        }
    }

    private long liveGpus(long organizationId, String computeClass, String region) {
        String key = capacityKey(organizationId, computeClass, region);
        return registeredGpus.getOrDefault(key, 0L) - downGpus.getOrDefault(key, 0L);
    }

    // ---- pre-trade checks, each a refusal or null

    /** The order's own terms; the API checks them first, the core again so no command can break its limits. */
    private Refused termsRefusal(Place command) {
        if (command.quantity() < 1 || command.quantity() > rules.maxQuantity()) {
            return new Refused(ErrorCode.INVALID_QUANTITY, "quantity must be between 1 and " + rules.maxQuantity()
                    + " GPUs");
        }
        Long price = command.priceTicks();
        boolean limit = command.type() == OrderType.LIMIT;
        if (limit && (price == null || price < 1 || price > rules.maxPriceTicks())) {
            return new Refused(ErrorCode.INVALID_PRICE, "a LIMIT order needs a price between 0.01 and "
                    + Money.format(rules.maxPriceTicks()));
        }
        if (!limit && price != null) {
            return new Refused(ErrorCode.INVALID_PRICE, "a MARKET order has no price");
        }
        return null;
    }

    private Refused entryRefusal(long organizationId, CoreInstrument instrument) {
        if (!accounts.containsKey(organizationId)) {
            return new Refused(ErrorCode.NOT_FOUND, "organization " + organizationId + " has no market account");
        }
        if (!instrument.openAt(now)) {
            return new Refused(ErrorCode.MARKET_CLOSED, instrument.symbol() + " closed for trading at "
                    + java.time.Instant.ofEpochMilli(instrument.gateClosureMillis()) + "; choose a later delivery");
        }
        Refused halted = haltRefusal(instrument);
        if (halted != null) {
            return halted;
        }
        RateBucket bucket = rates.computeIfAbsent(organizationId,
                id -> new RateBucket(rules.ordersPerSecond(), rules.orderBurst(), now));
        if (!bucket.tryTake(now)) {
            return new Refused(ErrorCode.RATE_LIMITED, "more than " + rules.ordersPerSecond()
                    + " orders and amends per second from one organization; slow down and retry");
        }
        return null;
    }

    /** Before the rate limit: an order refused by a halt takes no token from the organization. */
    private Refused haltRefusal(CoreInstrument instrument) {
        if (haltedInstruments.containsKey(instrument.id())) {
            return new Refused(ErrorCode.MARKET_HALTED, "trading in " + instrument.symbol() + " is halted by the "
                    + "platform: new orders and amends are refused until it resumes; cancels still work");
        }
        if (haltedClasses.contains(instrument.computeClass())) {
            return new Refused(ErrorCode.MARKET_HALTED, "trading in compute class " + instrument.computeClass()
                    + " is halted by the platform, so " + instrument.symbol() + " takes no new orders or amends "
                    + "until it resumes; cancels still work");
        }
        return null;
    }

    /**
     * Prices must stay within a band around the reference price: the instrument's last trade, else the last
     * trade of its class and region. Without any trade yet there is no band, only the book's price span.
     */
    private Refused bandRefusal(CoreInstrument instrument, long priceTicks) {
        Long reference = lastPrices.get(instrument.id());
        String source = instrument.symbol() + " (last trade)";
        if (reference == null) {
            // An hour that has not traded yet takes the last trade of its class in its region.
            reference = lastClassRegionPrices.get(instrument.classRegion());
            source = instrument.symbol() + " (the last trade of " + instrument.computeClass() + " in "
                    + instrument.region() + ")";
        }
        if (reference == null) {
            return null;
        }
        long halfWidth = Math.max(1, Math.min(reference * rules.priceBandPercent() / 100,
                rules.maxPriceSpanTicks() / 2));
        long low = Math.max(1, reference - halfWidth);
        long high = Math.min(rules.maxPriceTicks(), reference + halfWidth);
        if (priceTicks < low || priceTicks > high) {
            return new Refused(ErrorCode.PRICE_BAND, "price " + Money.format(priceTicks) + " is outside the band "
                    + Money.format(low) + " - " + Money.format(high) + " around the reference price "
                    + Money.format(reference) + " of " + source);
        }
        return null;
    }

    private Refused restingRefusal(long organizationId, CoreInstrument instrument, OrderBook book, Side side,
                                   long priceTicks) {
        if (book.restingOrderCount() >= rules.maxRestingOrdersPerBook()) {
            return new Refused(ErrorCode.LIMIT_EXCEEDED, "the book of " + instrument.symbol() + " is full ("
                    + rules.maxRestingOrdersPerBook() + " resting orders)");
        }
        Position position = positions.get(new Position.Key(organizationId, instrument.id()));
        if (position != null && position.openOrders >= rules.maxOpenOrdersPerOrganizationPerBook()) {
            return new Refused(ErrorCode.OPEN_ORDER_LIMIT, "your organization has "
                    + rules.maxOpenOrdersPerOrganizationPerBook() + " open orders in " + instrument.symbol()
                    + ", the most allowed; cancel or amend one first");
        }
        return book.fitsPriceSpan(side, priceTicks) ? null : spanRefusal(instrument, side, priceTicks);
    }

    /**
     * A re-priced order leaves its side and comes back as an incoming order, so, as for a placement, the span only
     * matters if it may rest, and then for its side without it: its old price must not count.
     */
    private boolean fitsPriceSpanRepriced(CoreOrder order, long newPriceTicks, long newRemaining) {
        OrderBook book = engine.book(order.instrument.id()).orElseThrow();
        if (book.fillableQuantity(order.organizationId, order.side, newPriceTicks, newRemaining) >= newRemaining) {
            return true;
        }
        long low = newPriceTicks;
        long high = newPriceTicks;
        for (PriceLevelView level : book.depth(order.side, Integer.MAX_VALUE)) {
            boolean onlyThisOrder = level.priceTicks() == order.priceTicks && level.orderCount() == 1;
            if (!onlyThisOrder) {
                low = Math.min(low, level.priceTicks());
                high = Math.max(high, level.priceTicks());
            }
        }
        return high - low < rules.maxPriceSpanTicks();
    }

    private Refused spanRefusal(CoreInstrument instrument, Side side, long priceTicks) {
        return new Refused(ErrorCode.PRICE_BAND, "price " + Money.format(priceTicks) + " would spread the "
                + (side == Side.BUY ? "bids" : "asks") + " of " + instrument.symbol() + " more than "
                + Money.format(rules.maxPriceSpanTicks()) + " apart");
    }

    /**
     * An ask is covered by unsold capacity: GPUs the seller registered for the class and region plus GPUs it
     * bought on this instrument (a resale), minus what it already sold and offers there.
     */
    private Refused capacityRefusal(long organizationId, CoreInstrument instrument, long quantity) {
        String key = capacityKey(organizationId, instrument.computeClass(), instrument.region());
        long registered = registeredGpus.getOrDefault(key, 0L);
        long down = downGpus.getOrDefault(key, 0L);
        Position position = positions.getOrDefault(new Position.Key(organizationId, instrument.id()),
                new Position());
        long free = registered - down + position.bought - position.sold - position.offered;
        if (quantity <= free) {
            return null;
        }
        return new Refused(ErrorCode.NO_CAPACITY, "asking " + quantity + " GPUs of " + instrument.computeClass()
                + " in " + instrument.region() + " for " + instrument.symbol() + ", but only " + Math.max(free, 0)
                + " are unsold: " + registered + " registered" + (down > 0 ? " (" + down + " not live)" : "") + ", "
                + position.bought + " bought, " + position.sold + " sold, " + position.offered + " offered");
    }

    private static Refused insufficientFunds(CoreAccount account, long amountMinor) {
        return new Refused(ErrorCode.INSUFFICIENT_FUNDS, "this order needs " + Money.format(amountMinor)
                + " reserved; available " + Money.format(account.availableMinor) + " plus credit limit "
                + Money.format(account.creditLimitMinor));
    }

    // ---- engine events

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner, long priceTicks,
                        long quantity, Side takerSide) {
        CoreOrder maker = live.get(makerOrderId);
        if (maker == null || taker == null || taker.id != takerOrderId) {
            throw new IllegalStateException("trade between unknown orders " + makerOrderId + "/" + takerOrderId);
        }
        CoreOrder buy = takerSide == Side.BUY ? taker : maker;
        CoreOrder sell = takerSide == Side.BUY ? maker : taker;
        CoreInstrument instrument = taker.instrument;
        long hours = instrument.hours();
        long valueMinor = Math.multiplyExact(Math.multiplyExact(quantity, hours), priceTicks);
        long feeBefore = fee(buy.filledValueTicks * hours);
        long holdBefore = buy.holdMinor;
        fill(buy, quantity, priceTicks);
        fill(sell, quantity, priceTicks);
        long feeMinor = fee(buy.filledValueTicks * hours) - feeBefore;
        buy.holdMinor = holdFor(instrument, buy.remaining, buy.filledValueTicks, buy.holdPriceTicks);
        long tradeId = nextSequence++;
        long contractId = nextSequence++;
        batch.trade(new JournalBatch.TradeRow(tradeId, instrument.id(), buy.id, sell.id, buy.organizationId,
                sell.organizationId, priceTicks, quantity, takerSide, now));
        batch.contract(new JournalBatch.ContractRow(contractId, tradeId, instrument, buy.organizationId,
                sell.organizationId, quantity, priceTicks, valueMinor, feeMinor, now, buy.project, sell.project));
        postFill(buy.organizationId, holdBefore - buy.holdMinor, valueMinor, feeMinor, "trade:" + tradeId);
        accounts.get(buy.organizationId).spend(valueMinor + feeMinor, now);
        position(buy.organizationId, instrument.id()).bought += quantity;
        position(sell.organizationId, instrument.id()).sold += quantity;
        var fillRow = new OrderSnapshot.Fill(tradeId, priceTicks, quantity, contractId);
        buy.fills.add(fillRow);
        sell.fills.add(fillRow);
        for (CoreOrder order : List.of(maker, taker)) {
            if (order.remaining == 0 && order.resting) {
                unrest(order);
            }
        }
        lastPrices.put(instrument.id(), priceTicks);
        lastClassRegionPrices.put(instrument.classRegion(), priceTicks);
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        CoreOrder order = requireTaker(orderId);
        order.remaining = remainingQuantity;
        order.status = OrderStatus.resting(order.filled);
        rest(order);
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        CoreOrder order = live.containsKey(orderId) ? live.get(orderId) : requireTaker(orderId);
        if (order.resting) {
            unrest(order);
        }
        order.remaining -= cancelledQuantity;
        order.cancelled += cancelledQuantity;
        if (order.remaining != 0) {
            throw new IllegalStateException("order " + orderId + " cancelled with " + order.remaining + " left");
        }
        order.status = reason == CancelReason.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED;
        if (reason == CancelReason.SELF_TRADE_PREVENTED) {
            // The owner must learn why: it looks like a refusal otherwise, with a counter-order in plain sight.
            order.cancelReason = SELF_TRADE;
        }
        if (order.holdMinor > 0) {
            release(accounts.get(order.organizationId), order.holdMinor, "release:" + order.id);
            order.holdMinor = 0;
        }
        dirty.add(order);
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        CoreOrder order = live.get(orderId);
        if (order == null) {
            throw new IllegalStateException("amend of an order not resting: " + orderId);
        }
        if (order.priceTicks != priceTicks) {
            order.priority = nextSequence++;
        }
        order.priceTicks = priceTicks;
        long removed = order.remaining - remainingQuantity;
        order.cancelled += removed;
        order.remaining = remainingQuantity;
        position(order.organizationId, order.instrument.id()).offered -= order.side == Side.SELL ? removed : 0;
        dirty.add(order);
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        throw new IllegalStateException("the engine refused a checked command for order " + orderId + ": " + reason);
    }

    private void fill(CoreOrder order, long quantity, long priceTicks) {
        order.remaining -= quantity;
        order.filled += quantity;
        order.filledValueTicks += priceTicks * quantity;
        order.status = order.remaining == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        if (order.resting && order.side == Side.SELL) {
            position(order.organizationId, order.instrument.id()).offered -= quantity;
        }
        dirty.add(order);
    }

    private void rest(CoreOrder order) {
        order.resting = true;
        live.put(order.id, order);
        Position position = position(order.organizationId, order.instrument.id());
        position.openOrders++;
        if (order.side == Side.SELL) {
            position.offered += order.remaining;
        }
    }

    private void unrest(CoreOrder order) {
        order.resting = false;
        live.remove(order.id);
        Position position = position(order.organizationId, order.instrument.id());
        position.openOrders--;
        if (order.side == Side.SELL) {
            position.offered -= order.remaining;
        }
    }

    private CoreOrder requireTaker(long orderId) {
        if (taker == null || taker.id != orderId) {
            throw new IllegalStateException("event for order " + orderId + " that is not the command's");
        }
        return taker;
    }

    // ---- money

    /**
     * The hold of a bid: its open quantity at the hold price, plus the fee that would fall due if it all filled
     * there. Fees are rounded once on the order's cumulative value, so a fill never costs more than the hold it
     * releases.
     */
    private long holdFor(CoreInstrument instrument, long remaining, long filledValueTicks, long holdPriceTicks) {
        long hours = instrument.hours();
        long open = Math.multiplyExact(Math.multiplyExact(remaining, hours), holdPriceTicks);
        long filledMinor = Math.multiplyExact(filledValueTicks, hours);
        return open + fee(filledMinor + open) - fee(filledMinor);
    }

    private long fee(long valueMinor) {
        return Money.percentOf(valueMinor, rules.buyerFeeBasisPoints());
    }

    private void reserve(CoreAccount account, long amountMinor, String reference) {
        account.availableMinor -= amountMinor;
        account.heldMinor += amountMinor;
        batch.entry("HOLD", reference, now, List.of(
                new JournalBatch.LedgerLine(AccountCodes.available(account.organizationId), -amountMinor),
                new JournalBatch.LedgerLine(AccountCodes.held(account.organizationId), amountMinor)));
    }

    private void release(CoreAccount account, long amountMinor, String reference) {
        account.heldMinor -= amountMinor;
        account.availableMinor += amountMinor;
        batch.entry("RELEASE", reference, now, List.of(
                new JournalBatch.LedgerLine(AccountCodes.held(account.organizationId), -amountMinor),
                new JournalBatch.LedgerLine(AccountCodes.available(account.organizationId), amountMinor)));
    }

    /**
     * A buyer's fill: the hold taken for the filled quantity leaves HELD; the contract value goes to escrow, the
     * buyer's fee to the platform, and what the hold over-reserved returns to available.
     */
    private void postFill(long buyerId, long holdMinor, long valueMinor, long feeMinor, String reference) {
        long refund = holdMinor - valueMinor - feeMinor;
        if (refund < 0) {
            throw new IllegalStateException("a fill cannot cost more than its hold: hold " + holdMinor + ", value "
                    + valueMinor + ", fee " + feeMinor);
        }
        CoreAccount account = accounts.get(buyerId);
        account.heldMinor -= holdMinor;
        account.availableMinor += refund;
        var lines = new ArrayList<JournalBatch.LedgerLine>(4);
        lines.add(new JournalBatch.LedgerLine(AccountCodes.held(buyerId), -holdMinor));
        lines.add(new JournalBatch.LedgerLine(AccountCodes.escrow(buyerId), valueMinor));
        if (feeMinor > 0) {
            lines.add(new JournalBatch.LedgerLine(AccountCodes.FEES, feeMinor));
        }
        if (refund > 0) {
            lines.add(new JournalBatch.LedgerLine(AccountCodes.available(buyerId), refund));
        }
        batch.entry("FILL", reference, now, lines);
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

    // ---- state

    private OrderBook book(CoreInstrument instrument) {
        know(instrument);
        instruments.putIfAbsent(instrument.id(), instrument);
        return engine.book(instrument.id()).orElseGet(() -> engine.addBook(instrument.id()));
    }

    private Position position(long organizationId, long instrumentId) {
        return positions.computeIfAbsent(new Position.Key(organizationId, instrumentId), key -> {
            positionKeysByInstrument.computeIfAbsent(instrumentId, id -> new ArrayList<>()).add(key);
            return new Position();
        });
    }

    private static String capacityKey(long organizationId, String computeClass, String region) {
        return organizationId + "|" + computeClass + "|" + region;
    }

    private static String clientKey(long organizationId, String clientOrderId) {
        return organizationId + "|" + clientOrderId;
    }

    /** FNV-1a, 64 bits: a stable hash of a client order id (collisions only send a caller to the database). */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Checks what must always hold: every book is consistent, each account's held money equals the holds of its
     * live bids, each position's offered GPUs and open orders equal its live asks and orders, and every live order
     * adds up. Tests call it after every command.
     */
    public void validateInternalState() {
        for (CoreInstrument instrument : instruments.values()) {
            engine.book(instrument.id()).ifPresent(OrderBook::validateInternalState);
        }
        var held = new HashMap<Long, Long>();
        var expected = new HashMap<Position.Key, Position>();
        for (CoreOrder order : live.values()) {
            order.requireConserved();
            if (!order.resting || order.status.isFinal() || order.remaining < 1) {
                throw new IllegalStateException("live order " + order.id + " is not resting: " + order.status);
            }
            held.merge(order.organizationId, order.holdMinor, Long::sum);
            Position position = expected.computeIfAbsent(new Position.Key(order.organizationId,
                    order.instrument.id()), key -> new Position());
            position.openOrders++;
            position.offered += order.side == Side.SELL ? order.remaining : 0;
        }
        accounts.values().forEach(account -> {
            if (account.heldMinor != held.getOrDefault(account.organizationId, 0L)) {
                throw new IllegalStateException("organization " + account.organizationId + " holds "
                        + account.heldMinor + " but its bids need " + held.getOrDefault(account.organizationId, 0L));
            }
        });
        positions.forEach((key, position) -> {
            Position want = expected.getOrDefault(key, new Position());
            if (position.openOrders != want.openOrders || position.offered != want.offered) {
                throw new IllegalStateException("position " + key + " counts " + position.openOrders + " orders, "
                        + position.offered + " offered; the book has " + want.openOrders + ", " + want.offered);
            }
        });
    }

    /**
     * A hash of everything the core holds, equal for equal states; replay must reproduce it. The rate buckets are left
     * out: they are not stored, and a rebuilt core starts them full.
     */
    public long stateHash() {
        long h = 0;
        for (long part : stateHashes().values()) {
            h = 31 * h + part;
        }
        return h;
    }

    /** {@link #stateHash()} part by part, named, so that an audit can say which part of two states differs. */
    public java.util.SequencedMap<String, Long> stateHashes() {
        var parts = new java.util.LinkedHashMap<String, Long>();
        parts.put("sequence", nextSequence);
        long h = 0;
        for (long instrumentId : new TreeMap<>(instruments).keySet()) {
            // An empty book is no book: a rebuild opens books only for resting orders.
            var book = engine.book(instrumentId).filter(b -> b.restingOrderCount() > 0);
            if (book.isPresent()) {
                h = 31 * (31 * h + instrumentId) + book.get().stateHash();
            }
        }
        parts.put("books", h);
        h = 0;
        for (CoreAccount account : new TreeMap<>(accounts).values()) {
            h = 31 * (31 * (31 * h + account.availableMinor) + account.heldMinor) + account.creditLimitMinor;
            h = 31 * h + account.limitsHash();
        }
        parts.put("accounts", h);
        h = 0;
        for (var entry : new TreeMap<>(registeredGpus).entrySet()) {
            h = 31 * (31 * h + entry.getKey().hashCode()) + entry.getValue();
        }
        for (var entry : new TreeMap<>(downGpus).entrySet()) {
            h = 31 * (31 * h + entry.getKey().hashCode()) + 3 * entry.getValue();
        }
        parts.put("capacity", h);
        h = 0;
        for (long halted : haltedInstruments.keySet()) {
            h = 31 * h + 5 * halted + 1;
        }
        for (String halted : haltedClasses) {
            h = 31 * h + halted.hashCode() + 2;
        }
        parts.put("halts", h);
        h = 0;
        var orderIds = new ArrayList<>(live.keySet());
        orderIds.sort(null);
        for (long id : orderIds) {
            CoreOrder order = live.get(id);
            h = 31 * h + id;
            h = 31 * h + order.remaining + 7 * order.filled + 13 * order.cancelled;
            h = 31 * h + order.filledValueTicks + 17 * order.holdMinor + 19 * order.priority;
            h = 31 * h + order.amendments;
        }
        parts.put("live orders", h);
        // Positions, client order ids and last prices: each entry mixed alone and summed, so map order does not count.
        h = 0;
        for (var entry : positions.entrySet()) {
            Position position = entry.getValue();
            if (position.bought != 0 || position.sold != 0) {
                h += mix(31 * (31 * (31 * entry.getKey().organizationId() + entry.getKey().instrumentId())
                        + position.bought) + position.sold);
            }
        }
        parts.put("positions", h);
        h = 0;
        for (var entry : clientOrderIds.entrySet()) {
            KnownClientOrder known = entry.getValue();
            h += mix(31 * (31 * (31 * hash(entry.getKey()) + known.orderId()) + hash(known.fingerprint()))
                    + known.instrumentId());
        }
        parts.put("client order ids of open instruments", h);
        h = 0;
        for (long closed : closedClientOrderIds) {
            h += mix(closed ^ 0x5bd1e995L);
        }
        parts.put("client order ids of closed instruments", h);
        h = 0;
        for (var entry : lastPrices.entrySet()) {
            h += mix(31 * (31 * entry.getKey() + entry.getValue()) + 1);
        }
        for (var entry : lastClassRegionPrices.entrySet()) {
            h += mix(31 * (31 * hash(entry.getKey()) + entry.getValue()) + 2);
        }
        parts.put("last prices", h);
        return parts;
    }

    /** The finalizer of SplitMix64: spreads every bit of x over the result. */
    private static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
