package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.Place;
import dev.cpx.core.market.core.CoreCommand.PlaceBlock;
import dev.cpx.core.market.core.CoreResult.Refused;
import dev.cpx.core.problem.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Block orders in the market core: all or nothing, checked against a reference walk of the books. */
class BlockOrderTests {

    private static final long START = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    private static final long BUYER = 1;
    private static final long PROVIDER = 2;
    private static final long OTHER_PROVIDER = 3;
    private static final long OTHER_BUYER = 4;
    /** A 1% fee, wide bands and limits: the block's own rules are what is tested. */
    private static final CoreRules RULES = new CoreRules(100, 1_000, 10_000_000, 500, 200, 1_000, 10_000_000, 10_000,
            10_000);
    private static final List<CoreInstrument> HOURS = List.of(hour(1, 9), hour(2, 10), hour(3, 11), hour(4, 12));

    private MarketCore core;
    private JournalBatch batch;
    private long now = START;
    private int ids;

    @BeforeEach
    void openMarket() {
        core = new MarketCore(RULES, 1);
        load(core);
    }

    private static void load(MarketCore core) {
        core.loadAccount(BUYER, 10_000_000, 0, 0);
        core.loadAccount(PROVIDER, 0, 0, 0);
        core.loadAccount(OTHER_PROVIDER, 0, 0, 0);
        core.loadAccount(OTHER_BUYER, 10_000_000, 0, 0);
        core.loadRegisteredGpus(BUYER, "H100", "CN-EAST", 64);
        core.loadRegisteredGpus(PROVIDER, "H100", "CN-EAST", 64);
        core.loadRegisteredGpus(OTHER_PROVIDER, "H100", "CN-EAST", 64);
    }

    @Test
    void aBuyBlockFillsEveryHourWhole() {
        HOURS.forEach(hour -> ask(PROVIDER, hour, 100, 3));
        HOURS.forEach(hour -> ask(OTHER_PROVIDER, hour, 110, 3));

        CoreResult result = block(Side.BUY, HOURS, 4, 105);

        assertThat(result).isInstanceOfSatisfying(CoreResult.BlockAnswer.class, answer -> {
            assertThat(answer.orders()).hasSize(4).allSatisfy(order -> {
                assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
                assertThat(order.filled()).isEqualTo(4);
                assertThat(order.filledValueTicks()).isEqualTo(3 * 100 + 110);
            });
            String base = answer.orders().getFirst().clientOrderId().replace(":1", "");
            assertThat(answer.orders()).extracting(OrderSnapshot::clientOrderId)
                    .containsExactly(base + ":1", base + ":2", base + ":3", base + ":4");
        });
        assertThat(batch.trades()).hasSize(8);
    }

    @Test
    void oneThinHourRefusesTheWholeBlockAndChangesNothing() {
        HOURS.forEach(hour -> ask(PROVIDER, hour, 100, hour.id() == 3 ? 2 : 5));
        List<Long> before = books();

        Refused refused = refused(block(Side.BUY, HOURS, 4, 200));

        assertThat(refused.code()).isEqualTo(ErrorCode.BLOCK_NOT_FILLABLE);
        assertThat(refused.detail()).contains("only 2 of 4 GPUs can be bought in H100.CN-EAST.T11");
        assertThat(batch.orders()).isEmpty();
        assertThat(batch.trades()).isEmpty();
        assertThat(batch.entries()).isEmpty();
        assertThat(books()).isEqualTo(before);
    }

    @Test
    void theAveragePriceOverAllHoursDecides() {
        ask(PROVIDER, HOURS.get(0), 100, 4);
        ask(PROVIDER, HOURS.get(1), 100, 4);
        ask(PROVIDER, HOURS.get(2), 100, 4);
        ask(PROVIDER, HOURS.get(3), 300, 4);

        Refused refused = refused(block(Side.BUY, HOURS, 4, 149));
        CoreResult filled = block(Side.BUY, HOURS, 4, 150);

        assertThat(refused.detail()).contains("averages 1.50 per GPU-hour, over your limit of 1.49");
        assertThat(filled).isInstanceOf(CoreResult.BlockAnswer.class);
    }

    @Test
    void ownAsksInTheWayRefuseTheBlock() {
        HOURS.forEach(hour -> ask(PROVIDER, hour, 110, 4));
        ask(BUYER, HOURS.get(1), 100, 1);

        Refused refused = refused(block(Side.BUY, HOURS, 4, 500));

        assertThat(refused.code()).isEqualTo(ErrorCode.BLOCK_NOT_FILLABLE);
        assertThat(refused.detail()).contains("your own asks do not count");
    }

    @Test
    void aSellBlockListsOneAskPerHourOrNone() {
        ask(PROVIDER, HOURS.get(2), 100, 60);

        Refused tooMuch = refused(block(Side.SELL, PROVIDER, HOURS, 8, 120));
        CoreResult listed = block(Side.SELL, OTHER_PROVIDER, HOURS, 8, 120);

        assertThat(tooMuch.code()).isEqualTo(ErrorCode.NO_CAPACITY);
        assertThat(batch.orders()).hasSize(4);
        assertThat(listed).isInstanceOfSatisfying(CoreResult.BlockAnswer.class, answer -> assertThat(answer.orders())
                .allSatisfy(order -> assertThat(order.status()).isEqualTo(OrderStatus.NEW)));
        assertThat(core.book(HOURS.get(2).id()).orElseThrow().restingOrders(Side.SELL)).hasSize(2);
    }

    @Test
    void aCapOnTheWholeCostRefusesWhatTheRoundedAverageWouldAllow() {
        HOURS.forEach(hour -> ask(PROVIDER, hour, 100, 2));
        HOURS.forEach(hour -> ask(PROVIDER, hour, 101, 2));
        // 3 GPUs an hour cost 100 + 100 + 101 = 301 ticks: the average 100.33 rounds up to a limit of 101.
        long cost = 301L * HOURS.stream().mapToLong(CoreInstrument::hours).sum();
        List<Long> before = books();

        CoreResult over = execute(new PlaceBlock(BUYER, "capped-1", "capped-1", HOURS, Side.BUY, 3, 101, null,
                cost - 1));
        List<Long> untouched = books();
        CoreResult within = execute(new PlaceBlock(BUYER, "capped-2", "capped-2", HOURS, Side.BUY, 3, 101, null, cost));

        assertThat(refused(over).code()).isEqualTo(ErrorCode.BLOCK_NOT_FILLABLE);
        assertThat(refused(over).detail()).contains("over your cap");
        assertThat(untouched).isEqualTo(before);
        assertThat(within).isInstanceOfSatisfying(CoreResult.BlockAnswer.class, answer -> assertThat(answer.orders())
                .allSatisfy(order -> assertThat(order.status()).isEqualTo(OrderStatus.FILLED)));
    }

    @Test
    void theSameBlockAgainIsAReplayAndOtherTermsAConflict() {
        HOURS.forEach(hour -> ask(PROVIDER, hour, 100, 8));
        var first = (CoreResult.BlockAnswer) execute(new PlaceBlock(BUYER, "same", "terms", HOURS, Side.BUY, 2, 100,
                null));

        CoreResult again = execute(new PlaceBlock(BUYER, "same", "terms", HOURS, Side.BUY, 2, 100, null));
        CoreResult other = execute(new PlaceBlock(BUYER, "same", "other", HOURS, Side.BUY, 3, 100, null));

        assertThat(again).isEqualTo(new CoreResult.Replay(first.orders().getFirst().id()));
        assertThat(refused(other).code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aBuyBlockNeverFillsInPartAndFillsExactlyWhenTheBooksAllowIt(long seed) {
        var random = new Random(seed);
        for (int step = 0; step < 60; step++) {
            if (random.nextInt(3) > 0) {
                long owner = random.nextInt(8) == 0 ? BUYER : random.nextBoolean() ? PROVIDER : OTHER_PROVIDER;
                CoreResult placed = execute(new Place(owner, "o" + ids++, "f", HOURS.get(random.nextInt(4)), Side.SELL,
                        OrderType.LIMIT, TimeInForce.GTC, 80L + random.nextInt(60), 1 + random.nextInt(4), false));
                assertThat(placed).as("seed %d", seed).isNotInstanceOf(Refused.class);
                continue;
            }
            int from = random.nextInt(4);
            List<CoreInstrument> range = HOURS.subList(from, from + 1 + random.nextInt(4 - from));
            long quantity = 1 + random.nextInt(8);
            long limit = 70 + random.nextInt(80);
            boolean expectFill = referenceFillable(range, quantity, limit);
            List<Long> before = books();

            CoreResult result = block(Side.BUY, range, quantity, limit);

            if (result instanceof CoreResult.BlockAnswer answer) {
                assertThat(expectFill).as("seed %d step %d: filled what the reference calls unfillable", seed, step)
                        .isTrue();
                assertThat(answer.orders()).as("seed %d", seed).hasSize(range.size())
                        .allSatisfy(o -> assertThat(o.filled()).isEqualTo(quantity));
                long value = answer.orders().stream().mapToLong(OrderSnapshot::filledValueTicks).sum();
                assertThat(value).as("seed %d: average within the limit", seed)
                        .isLessThanOrEqualTo(limit * quantity * range.size());
            } else {
                assertThat(result).as("seed %d step %d", seed, step).isInstanceOf(Refused.class);
                assertThat(expectFill).as("seed %d step %d: refused what the reference fills: %s", seed, step,
                        result).isFalse();
                assertThat(batch.orders()).as("seed %d: a refused block leaves nothing", seed).isEmpty();
                assertThat(books()).as("seed %d", seed).isEqualTo(before);
            }
        }
    }

    /**
     * Hourly bids and asks of several organizations, cancels, BUY and SELL blocks, and restarts mixed in one stream.
     * A restart builds a fresh core from the same loads and the journal so far (each command read back through the
     * journal's codec, executed at its journaled time) and must reach the same state hash; the stream then goes on
     * with the rebuilt core. After every BUY block: either every hour filled the whole quantity within the limit,
     * or nothing at all changed; after every SELL block, one resting ask per hour or none.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void blocksStayWholeAcrossHourlyOrdersCancelsAndRestarts(long seed) {
        var random = new Random(seed);
        var journal = new ArrayList<Journaled>();
        var resting = new ArrayList<OrderSnapshot>();
        int restarts = 0;
        int filledBlocks = 0;
        for (int step = 0; step < 120; step++) {
            String where = "seed " + seed + " step " + step;
            int pick = random.nextInt(20);
            if (pick < 8) {
                long owner = random.nextBoolean() ? PROVIDER : OTHER_PROVIDER;
                var command = new Place(owner, "o" + ids++, "f", HOURS.get(random.nextInt(4)), Side.SELL,
                        OrderType.LIMIT, TimeInForce.GTC, 80L + random.nextInt(60), 1 + random.nextInt(4), false);
                track(execute(command, journal), resting);
            } else if (pick < 11) {
                var command = new Place(OTHER_BUYER, "o" + ids++, "f", HOURS.get(random.nextInt(4)), Side.BUY,
                        OrderType.LIMIT, random.nextBoolean() ? TimeInForce.GTC : TimeInForce.IOC,
                        70L + random.nextInt(60), 1 + random.nextInt(3), false);
                track(execute(command, journal), resting);
            } else if (pick < 13 && !resting.isEmpty()) {
                OrderSnapshot order = resting.remove(random.nextInt(resting.size()));
                execute(new CoreCommand.Cancel(order.organizationId(), order.id()), journal);
            } else if (pick < 15) {
                int from = random.nextInt(4);
                var range = new ArrayList<>(HOURS.subList(from, from + 1 + random.nextInt(4 - from)));
                long owner = random.nextBoolean() ? PROVIDER : OTHER_PROVIDER;
                long quantity = 1 + random.nextInt(3);
                String id = "s" + ids++;
                CoreResult result = execute(new PlaceBlock(owner, id, id, range, Side.SELL, quantity,
                        90 + random.nextInt(40), null), journal);
                if (result instanceof CoreResult.BlockAnswer answer) {
                    assertThat(answer.orders()).as(where).hasSize(range.size())
                            .allSatisfy(o -> assertThat(o.quantity()).isEqualTo(quantity));
                    answer.orders().stream().filter(o -> o.remaining() > 0).forEach(resting::add);
                } else {
                    assertThat(batch.orders()).as("%s: a refused sell block leaves nothing", where).isEmpty();
                }
            } else if (pick < 19) {
                int from = random.nextInt(4);
                var range = new ArrayList<>(HOURS.subList(from, from + 1 + random.nextInt(4 - from)));
                long quantity = 1 + random.nextInt(6);
                long limit = 80 + random.nextInt(70);
                boolean expectFill = referenceFillable(range, quantity, limit);
                List<Long> before = books();
                String id = "b" + ids++;
                CoreResult result = execute(new PlaceBlock(BUYER, id, id, range, Side.BUY, quantity, limit, null),
                        journal);
                if (result instanceof CoreResult.BlockAnswer answer) {
                    assertThat(expectFill).as("%s: filled what the reference calls unfillable", where).isTrue();
                    assertThat(answer.orders()).as(where).hasSize(range.size()).allSatisfy(o -> {
                        assertThat(o.filled()).isEqualTo(quantity);
                        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
                    });
                    assertThat(answer.orders().stream().mapToLong(OrderSnapshot::filledValueTicks).sum())
                            .as("%s: average within the limit", where).isLessThanOrEqualTo(limit * quantity * range.size());
                    filledBlocks++;
                } else {
                    assertThat(expectFill).as("%s: refused what the reference fills: %s", where, result).isFalse();
                    assertThat(batch.orders()).as("%s: a refused block leaves no order", where).isEmpty();
                    assertThat(batch.trades()).as("%s: a refused block trades nothing", where).isEmpty();
                    assertThat(books()).as(where).isEqualTo(before);
                }
            } else {
                long hash = core.stateHash();
                core = rebuilt(journal);
                assertThat(core.stateHash()).as("%s: state after a restart from the journal", where).isEqualTo(hash);
                restarts++;
            }
        }
        assertThat(restarts + filledBlocks).as("seed %d exercised restarts or fills", seed).isPositive();
    }

    private record Journaled(CoreCommand command, long atMillis) {
    }

    private CoreResult execute(CoreCommand command, List<Journaled> journal) {
        journal.add(new Journaled(command, now));
        return execute(command);
    }

    /** Orders that may still rest (a cancel of one already filled is refused, which the stream allows). */
    private static void track(CoreResult result, List<OrderSnapshot> resting) {
        if (result instanceof CoreResult.OrderAnswer answer && answer.order().remaining() > 0
                && answer.order().status() != OrderStatus.CANCELLED) {
            resting.add(answer.order());
        }
    }

    /** A fresh core from the same loads, fed the journal as the journal stores it. */
    private MarketCore rebuilt(List<Journaled> journal) {
        MarketCore fresh = new MarketCore(RULES, 1);
        load(fresh);
        var codec = new dev.cpx.core.market.internal.CommandCodec();
        for (Journaled entry : journal) {
            fresh.execute(codec.command(codec.kind(entry.command()), codec.body(entry.command())), entry.atMillis());
            fresh.takeBatch();
        }
        fresh.validateInternalState();
        return fresh;
    }

    /** The books walked by hand: each hour must hold the quantity before any of the buyer's own asks. */
    private boolean referenceFillable(List<CoreInstrument> range, long quantity, long limitTicks) {
        long value = 0;
        for (CoreInstrument hour : range) {
            long left = quantity;
            List<RestingOrder> asks = core.book(hour.id()).map(b -> b.restingOrders(Side.SELL)).orElse(List.of());
            for (RestingOrder ask : asks) {
                if (left == 0 || ask.owner() == BUYER) {
                    break;
                }
                long take = Math.min(left, ask.remainingQuantity());
                value += take * ask.priceTicks();
                left -= take;
            }
            if (left > 0) {
                return false;
            }
        }
        return value <= limitTicks * quantity * range.size();
    }

    /** Each hour's book hash: the command's sequence number moves on even when it is refused, the books must not. */
    private List<Long> books() {
        return HOURS.stream().map(hour -> core.book(hour.id()).map(b -> b.stateHash()).orElse(0L)).toList();
    }

    private CoreResult block(Side side, List<CoreInstrument> range, long quantity, long limitTicks) {
        return block(side, BUYER, range, quantity, limitTicks);
    }

    private CoreResult block(Side side, long organizationId, List<CoreInstrument> range, long quantity,
                             long limitTicks) {
        String id = "b" + (++ids);
        return execute(new PlaceBlock(organizationId, id, id + "|" + side + "|" + quantity + "|" + limitTicks,
                new ArrayList<>(range), side, quantity, limitTicks, null));
    }

    private void ask(long organizationId, CoreInstrument hour, long priceTicks, long quantity) {
        assertThat(execute(new Place(organizationId, "a" + ids++, "f", hour, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, priceTicks, quantity, false))).isInstanceOf(CoreResult.OrderAnswer.class);
    }

    private CoreResult execute(CoreCommand command) {
        CoreResult result = core.execute(command, now);
        now += 1_000;
        batch = core.takeBatch();
        core.validateInternalState();
        return result;
    }

    private static Refused refused(CoreResult result) {
        assertThat(result).isInstanceOf(Refused.class);
        return (Refused) result;
    }

    private static CoreInstrument hour(long id, int startHour) {
        long start = START + (startHour - 8) * 3_600_000L;
        return new CoreInstrument(id, "H100.CN-EAST.T" + startHour, "H100", "CN-EAST", start, start + 3_600_000L,
                start - 1_800_000);
    }
}
