package dev.cpx.core.market.core;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.Amend;
import dev.cpx.core.market.core.CoreCommand.Cancel;
import dev.cpx.core.market.core.CoreCommand.ChangeCapacity;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.CoreCommand.Expire;
import dev.cpx.core.market.core.CoreCommand.OpenAccount;
import dev.cpx.core.market.core.CoreCommand.Place;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately naive market with the rules of the market core, written from the rules and not from
 * {@link MarketCore}: every order and every trade in a plain list, and each figure a rule needs (held money,
 * unsold GPUs, open orders, the reference price, the book in priority order) recomputed from those lists when it
 * is asked for. Slow on purpose; the tests run the same commands through both and compare them command by command.
 *
 * <p>Order ids are the core's: ids are opaque, so a new order takes the id the core gave it (a fresh negative id
 * when the core made none, which the comparison then reports).
 */
final class ReferenceMarket {

    enum Kind { CREATED, ORDER, REFUSED, REPLAY, USED_BEFORE, NOT_LIVE, APPLIED }

    /** What a command answers, reduced to what the model decides: the kind, the refusal code or the order named. */
    record Answer(Kind kind, ErrorCode code, long orderId) {

        static Answer of(CoreResult result) {
            return switch (result) {
                case CoreResult.OrderAnswer answer ->
                        new Answer(answer.created() ? Kind.CREATED : Kind.ORDER, null, answer.order().id());
                case CoreResult.Refused refused -> new Answer(Kind.REFUSED, refused.code(), 0);
                case CoreResult.Replay replay -> new Answer(Kind.REPLAY, null, replay.orderId());
                case CoreResult.ClientOrderIdUsedBefore used -> new Answer(Kind.USED_BEFORE, null, 0);
                case CoreResult.NotLive notLive -> new Answer(Kind.NOT_LIVE, null, notLive.orderId());
                case CoreResult.Applied applied -> new Answer(Kind.APPLIED, null, 0);
                case CoreResult.BlockAnswer block -> new Answer(Kind.CREATED, null, block.orders().getFirst().id());
            };
        }

        @Override
        public String toString() {
            return kind + (code == null ? "" : " " + code) + (orderId == 0 ? "" : " " + orderId);
        }
    }

    record Trade(CoreInstrument instrument, long buyOrderId, long sellOrderId, long buyerId, long sellerId,
                 long priceTicks, long quantity, Side aggressor, long atMillis, long valueMinor, long feeMinor,
                 String buyerProject, String sellerProject) {
    }

    record Fill(long priceTicks, long quantity) {
    }

    static final class Order {
        final long id;
        final long organizationId;
        final String clientOrderId;
        final String fingerprint;
        final CoreInstrument instrument;
        final Side side;
        final OrderType type;
        final TimeInForce timeInForce;
        final long quantity;
        final String project;
        final List<Fill> fills = new ArrayList<>();
        Long priceTicks;
        long holdPriceTicks;
        long holdMinor;
        long remaining;
        long filled;
        long filledValueTicks;
        long cancelled;
        int amendments;
        long priority;
        boolean resting;
        OrderStatus status = OrderStatus.NEW;
        String cancelReason;

        Order(long id, Place place) {
            this.id = id;
            this.organizationId = place.organizationId();
            this.clientOrderId = place.clientOrderId();
            this.fingerprint = place.fingerprint();
            this.instrument = place.instrument();
            this.side = place.side();
            this.type = place.type();
            this.timeInForce = place.timeInForce();
            this.quantity = place.quantity();
            this.project = place.project();
            this.priceTicks = place.priceTicks();
            this.remaining = place.quantity();
        }
    }

    private static final class Account {
        long availableMinor;
        long creditLimitMinor;
        Long perOrderLimitMinor;
        Long perDayLimitMinor;

        Account(long availableMinor, long creditLimitMinor) {
            this.availableMinor = availableMinor;
            this.creditLimitMinor = creditLimitMinor;
        }
    }

    /** A price the band may refer to: a trade, or a last price loaded at start. */
    private record PricePoint(long instrumentId, String computeClass, String region, long priceTicks) {
    }

    private final CoreRules rules;
    private final Map<Long, Account> accounts = new TreeMap<>();
    private final Map<String, Long> registeredGpus = new HashMap<>();
    private final Map<String, Long> downGpus = new HashMap<>();
    private final Map<String, Long> loadedNetGpus = new HashMap<>();
    private final List<Order> orders = new ArrayList<>();
    private final List<Trade> trades = new ArrayList<>();
    private final List<PricePoint> prices = new ArrayList<>();
    private final Map<String, Order> clientOrderIds = new HashMap<>();
    /** Gate closure of each instrument, as its first order gave it. */
    private final Map<Long, Long> gates = new HashMap<>();
    private final Set<String> closedClientOrderIds = new HashSet<>();
    private final Set<Long> haltedInstruments = new HashSet<>();
    private final Set<String> haltedClasses = new HashSet<>();
    private final Map<Long, long[]> rateBuckets = new HashMap<>();
    private final Map<Long, Long> escrowMinor = new TreeMap<>();
    private final Map<String, Integer> events = new TreeMap<>();
    private long feesMinor;
    private long inflowMinor;
    private long nextPriority;
    private long nextMissingId = -1;
    private final List<Trade> commandTrades = new ArrayList<>();
    private final Set<Order> touched = new LinkedHashSet<>();

    ReferenceMarket(CoreRules rules) {
        this.rules = rules;
    }

    // ---- the state the core is loaded with

    void loadAccount(long organizationId, long availableMinor, long creditLimitMinor) {
        accounts.put(organizationId, new Account(availableMinor, creditLimitMinor));
    }

    void loadRegisteredGpus(long organizationId, String computeClass, String region, long gpus) {
        registeredGpus.merge(organizationId + "|" + computeClass + "|" + region, gpus, Long::sum);
    }

    void loadLastPrice(CoreInstrument instrument, long priceTicks) {
        prices.add(new PricePoint(instrument.id(), instrument.computeClass(), instrument.region(), priceTicks));
    }

    /** GPUs bought and sold on an open instrument before the stream: they count towards unsold capacity. */
    void loadPosition(long organizationId, CoreInstrument instrument, long bought, long sold) {
        loadedNetGpus.merge(organizationId + "|" + instrument.id(), bought - sold, Long::sum);
    }

    /** A final order of an open instrument: only its client order id matters now. */
    void loadFinalOrder(long orderId, Place place) {
        Order order = new Order(orderId, place);
        order.status = OrderStatus.FILLED;
        clientOrderIds.put(place.organizationId() + "|" + place.clientOrderId(), order);
        gates.putIfAbsent(place.instrument().id(), place.instrument().gateClosureMillis());
    }

    void loadClosedClientOrderId(long organizationId, String clientOrderId) {
        closedClientOrderIds.add(organizationId + "|" + clientOrderId);
    }

    // ---- commands

    /** A halt stops entries on an open instrument or on a whole class; halting twice is a conflict. */
    private Answer halt(CoreCommand.Halt halt, long now) {
        if (halt.instrument() != null) {
            if (now >= halt.instrument().gateClosureMillis()) {
                return refused(ErrorCode.MARKET_CLOSED);
            }
            return haltedInstruments.add(halt.instrument().id()) ? new Answer(Kind.APPLIED, null, 0)
                    : refused(ErrorCode.CONFLICT);
        }
        return haltedClasses.add(halt.computeClass()) ? new Answer(Kind.APPLIED, null, 0) : refused(ErrorCode.CONFLICT);
    }

    private Answer resume(CoreCommand.Resume resume) {
        boolean lifted = resume.instrumentId() != null ? haltedInstruments.remove(resume.instrumentId())
                : haltedClasses.remove(resume.computeClass());
        return lifted ? new Answer(Kind.APPLIED, null, 0) : refused(ErrorCode.NOT_FOUND);
    }

    boolean halted(long instrumentId) {
        return haltedInstruments.contains(instrumentId);
    }

    boolean halted(String computeClass) {
        return haltedClasses.contains(computeClass);
    }

    /** Executes a command; {@code coreOrderId} is the id the core gave a new order, or 0 when it made none. */
    Answer execute(CoreCommand command, long nowMillis, long coreOrderId) {
        commandTrades.clear();
        touched.clear();
        forgetClosed(nowMillis);
        return switch (command) {
            case Place place -> place(place, nowMillis, coreOrderId);
            case Cancel cancel -> cancel(cancel);
            case Amend amend -> amend(amend, nowMillis);
            case Expire expire -> expire(expire.instrumentId());
            case OpenAccount open -> openAccount(open);
            case Credit credit -> credit(credit);
            case CoreCommand.Payout payout -> payout(payout);
            case ChangeCapacity change -> {
                loadRegisteredGpus(change.organizationId(), change.computeClass(), change.region(), change.gpus());
                yield shedIfLost(change.organizationId(), change.computeClass(), change.region(), change.gpus());
            }
            case CoreCommand.ChangeLiveCapacity change -> {
                downGpus.merge(change.organizationId() + "|" + change.computeClass() + "|" + change.region(),
                        -change.gpus(), Long::sum);
                yield shedIfLost(change.organizationId(), change.computeClass(), change.region(), change.gpus());
            }
            case CoreCommand.SetSpendLimits limits -> setSpendLimits(limits);
            case CoreCommand.SetCreditLimit limit -> setCreditLimit(limit);
            // The streams of this model hold no blocks: BlockOrderTests checks them against their own reference.
            case CoreCommand.PlaceBlock block -> throw new IllegalArgumentException("no blocks in model streams");
            case CoreCommand.Halt halt -> halt(halt, nowMillis);
            case CoreCommand.Resume resume -> resume(resume);
        };
    }

    private Answer place(Place place, long now, long coreOrderId) {
        String key = place.organizationId() + "|" + place.clientOrderId();
        Order known = clientOrderIds.get(key);
        if (known != null) {
            return known.fingerprint.equals(place.fingerprint()) ? new Answer(Kind.REPLAY, null, known.id)
                    : refused(ErrorCode.IDEMPOTENCY_CONFLICT);
        }
        if (closedClientOrderIds.contains(key)) {
            return new Answer(Kind.USED_BEFORE, null, 0);
        }
        ErrorCode refusal = placeRefusal(place, now);
        if (refusal != null) {
            return refused(refusal);
        }
        Order order = new Order(coreOrderId != 0 ? coreOrderId : nextMissingId--, place);
        orders.add(order);
        clientOrderIds.put(key, order);
        gates.putIfAbsent(place.instrument().id(), place.instrument().gateClosureMillis());
        touched.add(order);
        if (order.side == Side.BUY) {
            order.holdPriceTicks = order.type == OrderType.LIMIT ? order.priceTicks : marketBidHoldPrice(order);
            order.holdMinor = holdFor(order.instrument, order.remaining, 0, order.holdPriceTicks);
            accounts.get(order.organizationId).availableMinor -= order.holdMinor;
        }
        boolean rests = order.type == OrderType.LIMIT && order.timeInForce == TimeInForce.GTC;
        if (rests && fillable(order, order.priceTicks) >= order.quantity
                && restingCount(order.instrument) >= rules.maxRestingOrdersPerBook()) {
            event("a full book took an order that filled at once");
        }
        if (order.timeInForce == TimeInForce.FOK && fillable(order, order.priceTicks) < order.quantity) {
            event("fill-or-kill not fillable");
            finish(order, OrderStatus.CANCELLED);
        } else {
            boolean stoppedBySelfTrade = match(order, now);
            settleRemainder(order, stoppedBySelfTrade, rests);
        }
        return new Answer(Kind.CREATED, null, order.id);
    }

    private ErrorCode placeRefusal(Place place, long now) {
        ErrorCode refusal = entryRefusal(place.organizationId(), place.instrument(), now);
        if (refusal != null) {
            return refusal;
        }
        boolean limit = place.type() == OrderType.LIMIT;
        if (limit && outsideBand(place.instrument(), place.priceTicks())) {
            return ErrorCode.PRICE_BAND;
        }
        if (limit && place.timeInForce() == TimeInForce.GTC
                && fillable(place.organizationId(), place.instrument(), place.side(), place.priceTicks())
                < place.quantity()) {
            if (restingCount(place.instrument()) >= rules.maxRestingOrdersPerBook()) {
                return ErrorCode.LIMIT_EXCEEDED;
            }
            if (openOrders(place.organizationId(), place.instrument()) >= rules.maxOpenOrdersPerOrganizationPerBook()) {
                return ErrorCode.OPEN_ORDER_LIMIT;
            }
            if (spreadsTooFar(place.instrument(), place.side(), place.priceTicks(), null)) {
                return ErrorCode.PRICE_BAND;
            }
        }
        if (place.side() == Side.BUY) {
            long holdPriceTicks = limit ? place.priceTicks() : marketBidHoldPrice(place.instrument(), place.quantity());
            long hold = holdFor(place.instrument(), place.quantity(), 0, holdPriceTicks);
            return !canReserve(place.organizationId(), hold) ? ErrorCode.INSUFFICIENT_FUNDS
                    : spendRefusal(place.organizationId(), hold, hold, now);
        }
        return place.quantity() > unsoldGpus(place.organizationId(), place.instrument()) ? ErrorCode.NO_CAPACITY : null;
    }

    private Answer cancel(Cancel cancel) {
        Order order = liveOrder(cancel.orderId());
        if (order == null || order.organizationId != cancel.organizationId()) {
            return new Answer(Kind.NOT_LIVE, null, cancel.orderId());
        }
        finish(order, OrderStatus.CANCELLED);
        return new Answer(Kind.ORDER, null, order.id);
    }

    private Answer amend(Amend amend, long now) {
        Order order = liveOrder(amend.orderId());
        if (order == null || order.organizationId != amend.organizationId()) {
            return new Answer(Kind.NOT_LIVE, null, amend.orderId());
        }
        long newRemaining = amend.remainingQuantity() == null ? order.remaining : amend.remainingQuantity();
        long newPrice = amend.priceTicks() == null ? order.priceTicks : amend.priceTicks();
        ErrorCode refusal = amendRefusal(order, newPrice, newRemaining, now);
        if (refusal != null) {
            return refused(refusal);
        }
        order.amendments++;
        touched.add(order);
        if (order.side == Side.BUY) {
            long newHold = holdFor(order.instrument, newRemaining, order.filledValueTicks, newPrice);
            accounts.get(order.organizationId).availableMinor += order.holdMinor - newHold;
            order.holdMinor = newHold;
            order.holdPriceTicks = newPrice;
        }
        order.cancelled += order.remaining - newRemaining;
        order.remaining = newRemaining;
        if (newPrice != order.priceTicks) {
            // A new price loses time priority: the order leaves the book and comes back as an incoming one.
            order.priceTicks = newPrice;
            order.resting = false;
            boolean stoppedBySelfTrade = match(order, now);
            settleRemainder(order, stoppedBySelfTrade, true);
        }
        return new Answer(Kind.ORDER, null, order.id);
    }

    private ErrorCode amendRefusal(Order order, long newPrice, long newRemaining, long now) {
        ErrorCode refusal = entryRefusal(order.organizationId, order.instrument, now);
        if (refusal != null) {
            return refusal;
        }
        if (newRemaining > order.remaining) {
            return ErrorCode.QUANTITY_INCREASE;
        }
        if (newRemaining < 1) {
            return ErrorCode.INVALID_QUANTITY;
        }
        if (newPrice < 1 || newPrice > rules.maxPriceTicks()) {
            return ErrorCode.INVALID_PRICE;
        }
        if (newPrice != order.priceTicks) {
            if (outsideBand(order.instrument, newPrice)) {
                return ErrorCode.PRICE_BAND;
            }
            // The re-priced order is checked as an incoming one: if it may rest, its side without it must fit.
            if (fillable(order, newPrice) < newRemaining && spreadsTooFar(order.instrument, order.side, newPrice, order)) {
                return ErrorCode.PRICE_BAND;
            }
        }
        if (order.side == Side.BUY) {
            long more = holdFor(order.instrument, newRemaining, order.filledValueTicks, newPrice) - order.holdMinor;
            if (more > 0 && !canReserve(order.organizationId, more)) {
                return ErrorCode.INSUFFICIENT_FUNDS;
            }
            long filledMinor = order.filledValueTicks * order.instrument.hours();
            if (more > 0) {
                return spendRefusal(order.organizationId, filledMinor + fee(filledMinor) + order.holdMinor + more, more,
                        now);
            }
        }
        return null;
    }

    /**
     * An instrument whose gate (as its first order gave it) has closed with nothing resting is forgotten: its client
     * order ids count as used before, as after a rebuild.
     */
    private void forgetClosed(long now) {
        for (Iterator<Map.Entry<String, Order>> it = clientOrderIds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Order> entry = it.next();
            long instrumentId = entry.getValue().instrument.id();
            Long gate = gates.get(instrumentId);
            if (gate != null && now >= gate
                    && orders.stream().noneMatch(o -> o.resting && o.instrument.id() == instrumentId)) {
                closedClientOrderIds.add(entry.getKey());
                it.remove();
            }
        }
    }

    private Answer expire(long instrumentId) {
        haltedInstruments.remove(instrumentId);
        for (Order order : orders) {
            if (order.resting && order.instrument.id() == instrumentId) {
                event("expired order");
                finish(order, OrderStatus.EXPIRED);
            }
        }
        for (Iterator<Map.Entry<String, Order>> it = clientOrderIds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Order> entry = it.next();
            if (entry.getValue().instrument.id() == instrumentId) {
                closedClientOrderIds.add(entry.getKey());
                it.remove();
            }
        }
        return applied();
    }

    private Answer openAccount(OpenAccount open) {
        if (!accounts.containsKey(open.organizationId())) {
            accounts.put(open.organizationId(), new Account(open.availableMinor(), open.creditLimitMinor()));
            inflowMinor += open.availableMinor();
        }
        return applied();
    }

    /** After capacity is lost: the provider's asks it no longer covers go, newest first, on every instrument. */
    private Answer shedIfLost(long organizationId, String computeClass, String region, long gpus) {
        if (gpus < 0) {
            List<Order> asks = new ArrayList<>();
            for (Order order : orders) {
                if (order.resting && order.side == Side.SELL && order.organizationId == organizationId
                        && order.instrument.computeClass().equals(computeClass) && order.instrument.region().equals(region)) {
                    asks.add(order);
                }
            }
            asks.sort(Comparator.comparingLong((Order order) -> order.priority).reversed());
            for (Order ask : asks) {
                if (unsoldGpus(organizationId, ask.instrument) < 0) {
                    event("ask cancelled for lost capacity");
                    ask.cancelReason = MarketCore.CAPACITY_LOST;
                    finish(ask, OrderStatus.CANCELLED);
                }
            }
        }
        return applied();
    }

    /** The limit holds from the next order on; what is held already stays held. */
    private Answer setCreditLimit(CoreCommand.SetCreditLimit limit) {
        if (limit.creditLimitMinor() < 0) {
            return refused(ErrorCode.VALIDATION_FAILED);
        }
        accounts.computeIfAbsent(limit.organizationId(), id -> new Account(0, 0)).creditLimitMinor =
                limit.creditLimitMinor();
        return applied();
    }

    private Answer setSpendLimits(CoreCommand.SetSpendLimits limits) {
        if ((limits.perOrderMinor() != null && limits.perOrderMinor() < 0)
                || (limits.perDayMinor() != null && limits.perDayMinor() < 0)) {
            return refused(ErrorCode.VALIDATION_FAILED);
        }
        Account account = accounts.computeIfAbsent(limits.organizationId(), id -> new Account(0, 0));
        account.perOrderLimitMinor = limits.perOrderMinor();
        account.perDayLimitMinor = limits.perDayMinor();
        return applied();
    }

    /**
     * Spend limits: an order may cost at most the per-order limit (fees included), and what the organization bought
     * today, plus what its open bids hold, plus what this order adds must stay within the daily one.
     */
    private ErrorCode spendRefusal(long organizationId, long orderCostMinor, long addedHoldMinor, long now) {
        Account account = accounts.get(organizationId);
        if (account.perOrderLimitMinor != null && orderCostMinor > account.perOrderLimitMinor) {
            event("spend limit per order");
            return ErrorCode.SPEND_LIMIT;
        }
        if (account.perDayLimitMinor == null) {
            return null;
        }
        long day = Math.floorDiv(now, 86_400_000L);
        long spent = trades.stream().filter(t -> t.buyerId() == organizationId
                && Math.floorDiv(t.atMillis(), 86_400_000L) == day).mapToLong(t -> t.valueMinor() + t.feeMinor()).sum();
        long held = orders.stream().filter(o -> o.organizationId == organizationId).mapToLong(o -> o.holdMinor).sum();
        if (spent + held + addedHoldMinor > account.perDayLimitMinor) {
            event("spend limit per day");
            return ErrorCode.SPEND_LIMIT;
        }
        return null;
    }

    private Answer credit(Credit credit) {
        accounts.computeIfAbsent(credit.organizationId(), id -> new Account(0, 0)).availableMinor += credit.amountMinor();
        inflowMinor += credit.amountMinor();
        return applied();
    }

    /** All of it out of the available balance, or nothing when that is short. */
    private Answer payout(CoreCommand.Payout payout) {
        if (payout.amountMinor() <= 0) {
            return refused(ErrorCode.VALIDATION_FAILED);
        }
        Account account = accounts.get(payout.organizationId());
        if (account == null || account.availableMinor < payout.amountMinor()) {
            event("payout refused");
            return refused(ErrorCode.INSUFFICIENT_FUNDS);
        }
        account.availableMinor -= payout.amountMinor();
        inflowMinor -= payout.amountMinor();
        return applied();
    }

    // ---- matching

    /** Trades the order against the opposite side, best price first and oldest first; true if it met its own order. */
    private boolean match(Order taker, long now) {
        while (taker.remaining > 0) {
            List<Order> reachable = reachable(taker.instrument, taker.side, taker.priceTicks);
            if (reachable.isEmpty()) {
                return false;
            }
            Order maker = reachable.get(0);
            if (maker.organizationId == taker.organizationId) {
                event("self-trade prevented");
                return true;
            }
            trade(maker, taker, Math.min(maker.remaining, taker.remaining), now);
        }
        return false;
    }

    private void settleRemainder(Order order, boolean stoppedBySelfTrade, boolean mayRest) {
        if (order.remaining == 0) {
            return;
        }
        if (stoppedBySelfTrade) {
            order.cancelReason = MarketCore.SELF_TRADE;
        }
        if (stoppedBySelfTrade || !mayRest) {
            finish(order, OrderStatus.CANCELLED);
            return;
        }
        order.resting = true;
        order.priority = nextPriority++;
        order.status = order.filled == 0 ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
    }

    private void trade(Order maker, Order taker, long quantity, long now) {
        Order buy = taker.side == Side.BUY ? taker : maker;
        Order sell = taker.side == Side.BUY ? maker : taker;
        long price = maker.priceTicks;
        long hours = taker.instrument.hours();
        long valueMinor = quantity * hours * price;
        long feeBefore = fee(buy.filledValueTicks * hours);
        for (Order order : List.of(buy, sell)) {
            order.remaining -= quantity;
            order.filled += quantity;
            order.filledValueTicks += quantity * price;
            order.fills.add(new Fill(price, quantity));
            order.status = order.remaining == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
            touched.add(order);
        }
        maker.resting = maker.remaining > 0;
        long feeMinor = fee(buy.filledValueTicks * hours) - feeBefore;
        long holdAfter = holdFor(buy.instrument, buy.remaining, buy.filledValueTicks, buy.holdPriceTicks);
        accounts.get(buy.organizationId).availableMinor += buy.holdMinor - holdAfter - valueMinor - feeMinor;
        buy.holdMinor = holdAfter;
        escrowMinor.merge(buy.organizationId, valueMinor, Long::sum);
        feesMinor += feeMinor;
        Trade trade = new Trade(taker.instrument, buy.id, sell.id, buy.organizationId, sell.organizationId, price,
                quantity, taker.side, now, valueMinor, feeMinor, buy.project, sell.project);
        trades.add(trade);
        commandTrades.add(trade);
        prices.add(new PricePoint(taker.instrument.id(), taker.instrument.computeClass(), taker.instrument.region(),
                price));
    }

    private void finish(Order order, OrderStatus status) {
        order.cancelled += order.remaining;
        order.remaining = 0;
        order.status = status;
        order.resting = false;
        accounts.get(order.organizationId).availableMinor += order.holdMinor;
        order.holdMinor = 0;
        touched.add(order);
    }

    /** Resting orders of the other side the taker's limit reaches (a null limit reaches all), in priority order. */
    private List<Order> reachable(CoreInstrument instrument, Side takerSide, Long limitTicks) {
        List<Order> reachable = new ArrayList<>();
        for (Order order : inPriority(instrument.id(), takerSide == Side.BUY ? Side.SELL : Side.BUY)) {
            boolean within = limitTicks == null
                    || (takerSide == Side.BUY ? order.priceTicks <= limitTicks : order.priceTicks >= limitTicks);
            if (within) {
                reachable.add(order);
            }
        }
        return reachable;
    }

    /** What an order could fill now: the reachable quantity before the first order of its own organization. */
    private long fillable(long organizationId, CoreInstrument instrument, Side side, Long limitTicks) {
        long fillable = 0;
        for (Order maker : reachable(instrument, side, limitTicks)) {
            if (maker.organizationId == organizationId) {
                break;
            }
            fillable += maker.remaining;
        }
        return fillable;
    }

    private long fillable(Order order, Long limitTicks) {
        return fillable(order.organizationId, order.instrument, order.side, limitTicks);
    }

    private List<Order> inPriority(long instrumentId, Side side) {
        List<Order> found = new ArrayList<>();
        for (Order order : orders) {
            if (order.resting && order.instrument.id() == instrumentId && order.side == side) {
                found.add(order);
            }
        }
        Comparator<Order> byPrice = Comparator.comparingLong(order -> order.priceTicks);
        found.sort((side == Side.BUY ? byPrice.reversed() : byPrice).thenComparingLong(order -> order.priority));
        return found;
    }

    // ---- rules

    private ErrorCode entryRefusal(long organizationId, CoreInstrument instrument, long now) {
        if (!accounts.containsKey(organizationId)) {
            return ErrorCode.NOT_FOUND;
        }
        if (now >= instrument.gateClosureMillis()) {
            return ErrorCode.MARKET_CLOSED;
        }
        if (haltedInstruments.contains(instrument.id()) || haltedClasses.contains(instrument.computeClass())) {
            return ErrorCode.MARKET_HALTED;
        }
        return takeRateToken(organizationId, now) ? null : ErrorCode.RATE_LIMITED;
    }

    /** A bucket of {@code orderBurst} entries, refilled at {@code ordersPerSecond} by the commands' time (in thousandths). */
    private boolean takeRateToken(long organizationId, long now) {
        long full = rules.orderBurst() * 1000L;
        long[] bucket = rateBuckets.computeIfAbsent(organizationId, id -> new long[] {full, now});
        long tokens = Math.min(full, bucket[0] + (now - bucket[1]) * rules.ordersPerSecond());
        bucket[1] = now;
        bucket[0] = tokens >= 1000 ? tokens - 1000 : tokens;
        return tokens >= 1000;
    }

    /** The instrument's last trade, else the last trade of its class and region (loaded prices count as trades). */
    private Long referencePrice(CoreInstrument instrument) {
        for (int i = prices.size() - 1; i >= 0; i--) {
            if (prices.get(i).instrumentId() == instrument.id()) {
                return prices.get(i).priceTicks();
            }
        }
        for (int i = prices.size() - 1; i >= 0; i--) {
            PricePoint point = prices.get(i);
            if (point.computeClass().equals(instrument.computeClass()) && point.region().equals(instrument.region())) {
                return point.priceTicks();
            }
        }
        return null;
    }

    /** Within priceBandPercent of the reference, never wider than half the price span, never narrower than a tick. */
    private boolean outsideBand(CoreInstrument instrument, long priceTicks) {
        Long reference = referencePrice(instrument);
        if (reference == null) {
            return false;
        }
        long halfWidth = Math.max(1, Math.min(reference * rules.priceBandPercent() / 100, rules.maxPriceSpanTicks() / 2));
        return Math.abs(priceTicks - reference) > halfWidth;
    }

    private boolean spreadsTooFar(CoreInstrument instrument, Side side, long priceTicks, Order without) {
        long low = priceTicks;
        long high = priceTicks;
        for (Order order : inPriority(instrument.id(), side)) {
            if (order != without) {
                low = Math.min(low, order.priceTicks);
                high = Math.max(high, order.priceTicks);
            }
        }
        return high - low >= rules.maxPriceSpanTicks();
    }

    private int restingCount(CoreInstrument instrument) {
        return inPriority(instrument.id(), Side.BUY).size() + inPriority(instrument.id(), Side.SELL).size();
    }

    private int openOrders(long organizationId, CoreInstrument instrument) {
        int count = 0;
        for (Order order : orders) {
            if (order.resting && order.organizationId == organizationId && order.instrument.id() == instrument.id()) {
                count++;
            }
        }
        return count;
    }

    /** Registered GPUs of the class and region, plus bought, minus sold and offered on this instrument (loaded too). */
    long unsoldGpus(long organizationId, CoreInstrument instrument) {
        String key = organizationId + "|" + instrument.computeClass() + "|" + instrument.region();
        long unsold = registeredGpus.getOrDefault(key, 0L) - downGpus.getOrDefault(key, 0L)
                + loadedNetGpus.getOrDefault(organizationId + "|" + instrument.id(), 0L);
        for (Trade trade : trades) {
            if (trade.instrument().id() == instrument.id()) {
                unsold += trade.buyerId() == organizationId ? trade.quantity() : 0;
                unsold -= trade.sellerId() == organizationId ? trade.quantity() : 0;
            }
        }
        for (Order order : inPriority(instrument.id(), Side.SELL)) {
            unsold -= order.organizationId == organizationId ? order.remaining : 0;
        }
        return unsold;
    }

    private boolean canReserve(long organizationId, long amountMinor) {
        Account account = accounts.get(organizationId);
        return account.availableMinor - amountMinor >= -account.creditLimitMinor;
    }

    /**
     * The hold of a bid: its open quantity for every hour at the hold price, plus the fee that quantity would add to
     * the fee of what already filled (fees are rounded on an order's cumulative value).
     */
    private long holdFor(CoreInstrument instrument, long remaining, long filledValueTicks, long holdPriceTicks) {
        long openMinor = remaining * instrument.hours() * holdPriceTicks;
        long filledMinor = filledValueTicks * instrument.hours();
        return openMinor + fee(filledMinor + openMinor) - fee(filledMinor);
    }

    private long fee(long valueMinor) {
        return Money.percentOf(valueMinor, rules.buyerFeeBasisPoints());
    }

    /** The price of the ask where all asks together reach the quantity (the worst ask if they never do; 0 without asks). */
    private long marketBidHoldPrice(CoreInstrument instrument, long quantity) {
        long reached = 0;
        long price = 0;
        for (Order ask : inPriority(instrument.id(), Side.SELL)) {
            if (reached >= quantity) {
                break;
            }
            reached += ask.remaining;
            price = ask.priceTicks;
        }
        return price;
    }

    private long marketBidHoldPrice(Order order) {
        return marketBidHoldPrice(order.instrument, order.quantity);
    }

    private Order liveOrder(long orderId) {
        for (Order order : orders) {
            if (order.id == orderId && order.resting) {
                return order;
            }
        }
        return null;
    }

    private Answer refused(ErrorCode code) {
        return new Answer(Kind.REFUSED, code, 0);
    }

    private Answer applied() {
        return new Answer(Kind.APPLIED, null, 0);
    }

    private void event(String name) {
        events.merge(name, 1, Integer::sum);
    }

    // ---- reads for the comparison

    Order order(long orderId) {
        for (Order order : orders) {
            if (order.id == orderId) {
                return order;
            }
        }
        throw new AssertionError("the model has no order " + orderId);
    }

    List<Order> orders() {
        return orders;
    }

    /** The orders the last command changed. */
    Set<Order> touched() {
        return touched;
    }

    /** The trades of the last command, in the order they happened. */
    List<Trade> commandTrades() {
        return commandTrades;
    }

    List<RestingOrder> restingOrders(long instrumentId, Side side) {
        return inPriority(instrumentId, side).stream()
                .map(order -> new RestingOrder(order.id, order.organizationId, order.side, order.priceTicks,
                        order.remaining))
                .toList();
    }

    Set<Long> organizations() {
        return new TreeSet<>(accounts.keySet());
    }

    boolean knowsAccount(long organizationId) {
        return accounts.containsKey(organizationId);
    }

    long availableMinor(long organizationId) {
        return accounts.get(organizationId).availableMinor;
    }

    /** The holds of the organization's open bids. */
    long heldMinor(long organizationId) {
        long held = 0;
        for (Order order : orders) {
            if (order.resting && order.organizationId == organizationId) {
                held += order.holdMinor;
            }
        }
        return held;
    }

    long escrowMinor(long organizationId) {
        return escrowMinor.getOrDefault(organizationId, 0L);
    }

    long feesMinor() {
        return feesMinor;
    }

    /** Money that came in from outside the market: credits (negative ones out) and accounts opened later. */
    long inflowMinor() {
        return inflowMinor;
    }

    Map<String, Integer> events() {
        return events;
    }
}
