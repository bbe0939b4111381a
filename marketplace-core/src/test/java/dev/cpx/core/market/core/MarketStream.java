package dev.cpx.core.market.core;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.core.CoreCommand.Amend;
import dev.cpx.core.market.core.CoreCommand.Cancel;
import dev.cpx.core.market.core.CoreCommand.ChangeCapacity;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.CoreCommand.Expire;
import dev.cpx.core.market.core.CoreCommand.OpenAccount;
import dev.cpx.core.market.core.CoreCommand.Place;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A seeded random market for the core's tests: rules with small limits, instruments, organizations and the state a
 * core starts from, all drawn from the seed, and a stream of commands that reaches every rule. The stream reads
 * only the core's books (to cancel and amend live orders), so the same seed gives the same commands wherever it
 * runs.
 *
 * <p>Organizations: a buyer with a credit limit, a provider with registered GPUs that also buys, a trader that
 * mostly buys and has a few GPUs of its own, and in some streams a latecomer without an account until a command
 * opens one. Instruments: one closes a few seconds into the stream (later expired), one delivers for 4 hours so
 * hours multiply values, and others share a class and region with the first (the band's fallback reference).
 */
final class MarketStream {

    static final long BUYER = 11;
    static final long PROVIDER = 12;
    static final long TRADER = 13;
    static final long LATECOMER = 14;
    static final long START_MILLIS = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    static final long OUTLIER_PRICE_TICKS = 10_000_000;

    record Timed(CoreCommand command, long atMillis) {
    }

    private record AccountLoad(long organizationId, long availableMinor, long creditLimitMinor) {
    }

    private record CapacityLoad(long organizationId, String computeClass, String region, long gpus) {
    }

    private record PriceLoad(CoreInstrument instrument, long priceTicks) {
    }

    private record PositionLoad(long organizationId, CoreInstrument instrument, long bought, long sold) {
    }

    /** The client order id of a final order of an open instrument, as a rebuild loads it. */
    private record ClientOrderIdLoad(Place place, long orderId) {
    }

    final long seed;
    final CoreRules rules;
    final List<CoreInstrument> instruments = new ArrayList<>();
    final CoreInstrument closing;
    private final java.util.Map<String, Long> downGpus = new java.util.HashMap<>();
    final List<Long> organizations = new ArrayList<>(List.of(BUYER, PROVIDER, TRADER));
    private final Random random;
    private final List<AccountLoad> accounts = new ArrayList<>();
    private final List<CapacityLoad> capacity = new ArrayList<>();
    private final List<PriceLoad> lastPrices = new ArrayList<>();
    private final List<PositionLoad> positions = new ArrayList<>();
    private final List<ClientOrderIdLoad> finalOrders = new ArrayList<>();
    private final List<Place> closedInstrumentOrders = new ArrayList<>();
    private final Map<Long, List<Place>> placed = new HashMap<>();
    private final boolean latecomer;
    private long now = START_MILLIS;
    private long nextInboxId = 1;
    private int nextClientOrderId = 1;
    private int expires;

    MarketStream(long seed) {
        this.seed = seed;
        this.random = new Random(new SplittableRandom(seed).nextLong()); // neighbouring seeds start far apart
        boolean tightSpan = random.nextInt(4) == 0;
        int maxResting = 4 + random.nextInt(6);
        this.rules = new CoreRules(random.nextInt(301), 1_000, OUTLIER_PRICE_TICKS, maxResting,
                2 + random.nextInt(Math.min(3, maxResting - 1)), 10 + random.nextInt(21),
                tightSpan ? 30 + random.nextInt(40) : 100_000, 2 + random.nextInt(3), 3 + random.nextInt(4));
        long hour = 3_600_000;
        this.closing = instrument(101, "H100", "CN-EAST", START_MILLIS + hour, 1,
                START_MILLIS + 6_000 + random.nextInt(14_000));
        instruments.add(closing);
        if (random.nextInt(10) < 6) {
            instruments.add(instrument(102, "H100", "CN-EAST", START_MILLIS + 2 * hour, 1, START_MILLIS + hour));
        }
        instruments.add(instrument(103, "A100", "CN-WEST", START_MILLIS + 4 * hour, 4, START_MILLIS + 3 * hour));
        if (random.nextInt(10) < 4) {
            instruments.add(instrument(104, "H100", "CN-WEST", START_MILLIS + 6 * hour, 2, START_MILLIS + 5 * hour));
        }
        accounts.add(new AccountLoad(BUYER, 2_000 + random.nextInt(20_000), 5_000 + random.nextInt(15_000)));
        accounts.add(new AccountLoad(PROVIDER, 1_000 + random.nextInt(10_000), 0));
        accounts.add(new AccountLoad(TRADER, 3_000 + random.nextInt(25_000), 0));
        capacity.add(new CapacityLoad(PROVIDER, "H100", "CN-EAST", 15 + random.nextInt(25)));
        capacity.add(new CapacityLoad(PROVIDER, "A100", "CN-WEST", 8 + random.nextInt(15)));
        capacity.add(new CapacityLoad(PROVIDER, "H100", "CN-WEST", 5 + random.nextInt(10)));
        capacity.add(new CapacityLoad(TRADER, "H100", "CN-EAST", 2 + random.nextInt(6)));
        if (random.nextBoolean()) {
            lastPrices.add(new PriceLoad(closing, midPrice(closing) - 10 + random.nextInt(21)));
        }
        loadHistory();
        this.latecomer = random.nextInt(3) == 0;
        if (latecomer) {
            organizations.add(LATECOMER);
        }
    }

    /**
     * What earlier trading left: the provider sold GPUs of an open instrument to the buyer (who may resell them), the
     * buyer has a final order on an open instrument, and the trader used a client order id on an instrument that
     * has closed. The stream repeats those client order ids now and then.
     */
    private void loadHistory() {
        CoreInstrument traded = instruments.get(random.nextInt(instruments.size()));
        long sold = random.nextInt(6);
        positions.add(new PositionLoad(PROVIDER, traded, 0, sold));
        positions.add(new PositionLoad(BUYER, traded, sold, 0));
        Place filled = place(BUYER, "earlier-1", instruments.get(random.nextInt(instruments.size())), Side.BUY,
                OrderType.LIMIT, TimeInForce.GTC, midPrice(traded), 2);
        finalOrders.add(new ClientOrderIdLoad(filled, 900_001));
        placed.computeIfAbsent(BUYER, id -> new ArrayList<>()).add(filled);
        Place gone = place(TRADER, "earlier-2", closing, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, midPrice(closing), 1);
        closedInstrumentOrders.add(gone);
        placed.computeIfAbsent(TRADER, id -> new ArrayList<>()).add(gone);
    }

    private static CoreInstrument instrument(long id, String computeClass, String region, long startMillis, int hours,
                                             long gateClosureMillis) {
        String symbol = computeClass + "." + region + "." + Instant.ofEpochMilli(startMillis).toString().substring(0, 13);
        return new CoreInstrument(id, symbol, computeClass, region, startMillis, startMillis + hours * 3_600_000L,
                gateClosureMillis);
    }

    MarketCore newCore() {
        MarketCore core = new MarketCore(rules, 1);
        accounts.forEach(a -> core.loadAccount(a.organizationId(), a.availableMinor(), 0, a.creditLimitMinor()));
        capacity.forEach(c -> core.loadRegisteredGpus(c.organizationId(), c.computeClass(), c.region(), c.gpus()));
        lastPrices.forEach(p -> core.loadLastPrice(p.instrument(), p.priceTicks()));
        positions.forEach(p -> core.loadPosition(p.organizationId(), p.instrument(), p.bought(), p.sold()));
        // As the market's loader does: every open instrument it loads is known to the core with its gate.
        finalOrders.forEach(o -> core.loadInstrument(o.place().instrument()));
        finalOrders.forEach(o -> core.loadClientOrderId(o.place().organizationId(), o.place().clientOrderId(),
                o.orderId(), o.place().fingerprint(), o.place().instrument().id()));
        closedInstrumentOrders.forEach(p -> core.loadClosedClientOrderId(p.organizationId(), p.clientOrderId()));
        return core;
    }

    ReferenceMarket newModel() {
        ReferenceMarket model = new ReferenceMarket(rules);
        accounts.forEach(a -> model.loadAccount(a.organizationId(), a.availableMinor(), a.creditLimitMinor()));
        capacity.forEach(c -> model.loadRegisteredGpus(c.organizationId(), c.computeClass(), c.region(), c.gpus()));
        lastPrices.forEach(p -> model.loadLastPrice(p.instrument(), p.priceTicks()));
        positions.forEach(p -> model.loadPosition(p.organizationId(), p.instrument(), p.bought(), p.sold()));
        finalOrders.forEach(o -> model.loadFinalOrder(o.orderId(), o.place()));
        closedInstrumentOrders.forEach(p -> model.loadClosedClientOrderId(p.organizationId(), p.clientOrderId()));
        return model;
    }

    /** The money the loaded accounts start with. */
    long loadedMoneyMinor() {
        return accounts.stream().mapToLong(AccountLoad::availableMinor).sum();
    }

    List<Long> loadedOrganizations() {
        return accounts.stream().map(AccountLoad::organizationId).toList();
    }

    // ---- the stream

    /**
     * The next command, at a time that never goes back; reads the core's books to pick live orders, and the model's
     * halts to lift a halt in force rather than one that is not (either may come).
     */
    Timed next(MarketCore core, ReferenceMarket model) {
        now += random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(350);
        this.model = model;
        return new Timed(command(core), now);
    }

    Timed next(MarketCore core) {
        return next(core, null);
    }

    private ReferenceMarket model;

    /** Halts an instrument or a class, or lifts its halt; now and then the wrong one of the two. */
    private CoreCommand haltOrResume(ReferenceMarket model) {
        boolean wholeClass = random.nextInt(3) == 0;
        CoreInstrument instrument = instrument();
        boolean halted = model != null && (wholeClass ? model.halted(instrument.computeClass())
                : model.halted(instrument.id()));
        // A halt lasts a few dozen commands: most commands on a target in force lift it, a few on one not in force halt.
        boolean halt = halted ? random.nextInt(8) == 0 : random.nextInt(3) == 0;
        if (halt) {
            return new CoreCommand.Halt(wholeClass ? null : instrument, wholeClass ? instrument.computeClass() : null,
                    "stream halt", "stream");
        }
        return new CoreCommand.Resume(wholeClass ? null : instrument.id(), wholeClass ? instrument.computeClass() : null);
    }

    private CoreCommand command(MarketCore core) {
        if (now >= closing.gateClosureMillis() && expires < 2 && random.nextInt(100) < (expires == 0 ? 12 : 2)) {
            expires++;
            return new Expire(closing.id());
        }
        int dice = random.nextInt(1000);
        if (dice < 440) {
            return place(organization(), OrderType.LIMIT);
        } else if (dice < 510) {
            return place(organization(), OrderType.MARKET);
        } else if (dice < 570) {
            return repeatClientOrderId();
        } else if (dice < 680) {
            return cancel(core);
        } else if (dice < 840) {
            return amend(core);
        } else if (dice < 900) {
            return credit();
        } else if (dice < 940) {
            return changeCapacity();
        } else if (dice < 960) {
            return latecomer && random.nextBoolean()
                    ? new OpenAccount(LATECOMER, 4_000 + random.nextInt(16_000), 0, random.nextInt(5_000))
                    : new ChangeCapacity(nextInboxId++, LATECOMER, "H100", "CN-EAST", 1 + random.nextInt(4));
        } else if (dice < 965) {
            return new Expire(900 + random.nextInt(5));
        } else if (dice < 980) {
            return spendLimits();
        } else if (dice < 986) {
            return haltOrResume(this.model);
        } else if (dice < 990) {
            return creditLimit();
        }
        return place(organization(), random.nextBoolean() ? OrderType.LIMIT : OrderType.MARKET);
    }

    private long organization() {
        return organizations.get(random.nextInt(organizations.size()));
    }

    private Place place(long organizationId, OrderType type) {
        CoreInstrument instrument = instrument();
        int buyPercent = organizationId == BUYER ? 90 : organizationId == PROVIDER ? 30 : 70;
        Side side = random.nextInt(100) < buyPercent ? Side.BUY : Side.SELL;
        int tif = random.nextInt(10);
        TimeInForce timeInForce = tif < 6 ? TimeInForce.GTC : tif < 8 ? TimeInForce.IOC : TimeInForce.FOK;
        Long price = type == OrderType.LIMIT ? price(instrument, side) : null;
        long quantity = random.nextInt(10) == 0 ? 8 + random.nextInt(25) : 1 + random.nextInt(6);
        Place place = place(organizationId, "c" + nextClientOrderId++, instrument, side, type, timeInForce, price,
                quantity);
        if (random.nextInt(4) == 0) {
            place = new Place(place.organizationId(), place.clientOrderId(), place.fingerprint() + "|p", instrument, side,
                    type, timeInForce, price, quantity, false, "project-" + random.nextInt(3));
        }
        placed.computeIfAbsent(organizationId, id -> new ArrayList<>()).add(place);
        return place;
    }

    static Place place(long organizationId, String clientOrderId, CoreInstrument instrument, Side side, OrderType type,
                       TimeInForce timeInForce, Long priceTicks, long quantity) {
        String fingerprint = instrument.symbol() + "|" + side + "|" + type + "|" + timeInForce + "|" + priceTicks + "|"
                + quantity;
        return new Place(organizationId, clientOrderId, fingerprint, instrument, side, type, timeInForce, priceTicks,
                quantity, false);
    }

    /** An earlier client order id of the organization: the same order again, other terms, or another instrument. */
    private CoreCommand repeatClientOrderId() {
        long organizationId = organization();
        List<Place> earlier = placed.getOrDefault(organizationId, List.of());
        if (earlier.isEmpty()) {
            return place(organizationId, OrderType.LIMIT);
        }
        Place first = earlier.get(random.nextInt(earlier.size()));
        int dice = random.nextInt(4);
        if (dice < 2) {
            return first;
        }
        CoreInstrument instrument = dice == 2 ? first.instrument() : instrument();
        long quantity = dice == 2 ? first.quantity() + 1 : first.quantity();
        return place(organizationId, first.clientOrderId(), instrument, first.side(), first.type(), first.timeInForce(),
                first.priceTicks(), quantity);
    }

    private CoreCommand cancel(MarketCore core) {
        RestingOrder order = liveOrder(core);
        if (order == null) {
            return random.nextInt(3) == 0 ? new Cancel(organization(), 1 + random.nextInt(2_000))
                    : place(organization(), OrderType.LIMIT);
        }
        return new Cancel(ownerOrNot(order), order.orderId());
    }

    private CoreCommand amend(MarketCore core) {
        RestingOrder order = liveOrder(core);
        if (order == null) {
            return random.nextInt(3) == 0 ? new Amend(organization(), 1 + random.nextInt(2_000), 150L, null)
                    : place(organization(), OrderType.LIMIT);
        }
        long organizationId = ownerOrNot(order);
        long price = order.priceTicks();
        long remaining = order.remainingQuantity();
        long step = 1 + random.nextInt(12);
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4 -> new Amend(organizationId, order.orderId(), price + step, null);
            case 5, 6, 7, 8, 9 -> new Amend(organizationId, order.orderId(), Math.max(1, price - step), null);
            case 10, 11, 12, 13 -> new Amend(organizationId, order.orderId(), null, Math.max(1, remaining - step));
            case 14, 15 -> new Amend(organizationId, order.orderId(), random.nextBoolean() ? price + step : price - step,
                    Math.max(1, remaining - 1));
            case 16 -> new Amend(organizationId, order.orderId(), null, remaining + step);
            case 17 -> new Amend(organizationId, order.orderId(), null, random.nextBoolean() ? 0L : remaining);
            case 18 -> new Amend(organizationId, order.orderId(), random.nextBoolean() ? OUTLIER_PRICE_TICKS + 1 : price * 3,
                    null);
            default -> new Amend(organizationId, order.orderId(), random.nextBoolean() ? price : null, null);
        };
    }

    /** Mostly a live order of any book; now and then none (then a random id, rarely a live one). */
    private RestingOrder liveOrder(MarketCore core) {
        List<RestingOrder> live = new ArrayList<>();
        for (CoreInstrument instrument : instruments) {
            core.book(instrument.id()).ifPresent(book -> {
                live.addAll(book.restingOrders(Side.BUY));
                live.addAll(book.restingOrders(Side.SELL));
            });
        }
        return live.isEmpty() || random.nextInt(25) == 0 ? null : live.get(random.nextInt(live.size()));
    }

    /** The order's owner, or now and then another organization (whose cancel or amend finds nothing). */
    private long ownerOrNot(RestingOrder order) {
        return random.nextInt(15) == 0 ? organization() : order.owner();
    }

    /** Any instrument; once the closing one's gate closed, that one only now and then. */
    private CoreInstrument instrument() {
        if (now >= closing.gateClosureMillis() && random.nextInt(10) > 0) {
            return instruments.get(1 + random.nextInt(instruments.size() - 1));
        }
        return instruments.get(random.nextInt(instruments.size()));
    }

    private CoreCommand credit() {
        long organizationId = latecomer && random.nextInt(10) == 0 ? LATECOMER : organizations.get(random.nextInt(3));
        if (random.nextInt(6) == 0) {
            // Now and then more than the wallet holds, which the core refuses whole.
            return new CoreCommand.Payout(nextInboxId++, organizationId, 500 + random.nextInt(30_000), "payout");
        }
        long amount = random.nextInt(10) < 6 ? 1_000 + random.nextInt(9_000) : -(500 + random.nextInt(7_500));
        return new Credit(nextInboxId++, organizationId, amount, random.nextBoolean() ? "top-up" : "adjustment");
    }

    /** Limits that bite now and then: per order, per day, both, none, and once in a while a negative one. */
    private CoreCommand spendLimits() {
        long organizationId = random.nextInt(3) == 0 ? TRADER : BUYER;
        if (random.nextInt(20) == 0) {
            return new CoreCommand.SetSpendLimits(organizationId, -1L, null);
        }
        Long perOrder = random.nextInt(3) == 0 ? null : 500L + random.nextInt(6_000);
        Long perDay = random.nextInt(3) == 0 ? null : 2_000L + random.nextInt(40_000);
        return new CoreCommand.SetSpendLimits(organizationId, perOrder, perDay);
    }

    /** A credit limit raised, lowered or taken away; once in a while a negative one, which the core refuses. */
    private CoreCommand creditLimit() {
        long organizationId = latecomer && random.nextInt(6) == 0 ? LATECOMER : random.nextInt(3) == 0 ? TRADER : BUYER;
        long limit = random.nextInt(12) == 0 ? -1 : random.nextInt(4) == 0 ? 0 : random.nextInt(25_000);
        return new CoreCommand.SetCreditLimit(nextInboxId++, organizationId, limit);
    }

    private CoreCommand changeCapacity() {
        CoreInstrument instrument = instrument();
        long organizationId = random.nextInt(3) == 0 ? TRADER : PROVIDER;
        if (random.nextInt(5) < 2) {
            // Nodes going down (lost) or coming back, never more back than went down.
            String key = organizationId + "|" + instrument.computeClass() + "|" + instrument.region();
            long down = downGpus.getOrDefault(key, 0L);
            long gpus = down > 0 && random.nextBoolean() ? 1 + random.nextInt((int) down) : -(1 + random.nextInt(12));
            downGpus.merge(key, -gpus, Long::sum);
            return new CoreCommand.ChangeLiveCapacity(nextInboxId++, organizationId, instrument.computeClass(),
                    instrument.region(), gpus);
        }
        return new ChangeCapacity(nextInboxId++, organizationId, instrument.computeClass(), instrument.region(),
                -6 + random.nextInt(17));
    }

    /**
     * Near the class's usual price, bids a little higher than asks so that they meet; now and then far from it
     * (band refusals) or absurd (an outlier).
     */
    private long price(CoreInstrument instrument, Side side) {
        long mid = midPrice(instrument);
        int dice = random.nextInt(100);
        if (dice < 3) {
            return switch (random.nextInt(3)) {
                case 0 -> OUTLIER_PRICE_TICKS;
                case 1 -> mid * 4;
                default -> Math.max(1, mid / 4);
            };
        }
        int width = dice < 8 ? 70 : 25;
        long skew = side == Side.BUY ? 8 : -8;
        return mid + skew - width + random.nextInt(2 * width + 1);
    }

    private static long midPrice(CoreInstrument instrument) {
        return switch (instrument.computeClass() + "|" + instrument.region()) {
            case "H100|CN-EAST" -> 200;
            case "A100|CN-WEST" -> 150;
            default -> 180;
        };
    }
}
