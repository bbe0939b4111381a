package dev.cpx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random command streams through the engine and through {@link ReferenceBook}: both must
 * emit the same events and hold the same orders, and the engine's invariants must hold after
 * every command. A failure names its seed and command; rerun that seed alone to debug it.
 */
class OrderBookPropertyTests {

    private static final int SEQUENCES = 2_000;
    private static final int COMMANDS_PER_SEQUENCE = 200;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEQUENCES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void engineAgreesWithTheReferenceModelAndKeepsItsInvariants(long seed) {
        Scenario scenario = new Scenario(seed);
        for (int i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
            try {
                scenario.step(i);
            } catch (RuntimeException broken) {
                throw new AssertionError("seed " + seed + ", command " + i + " (" + scenario.command + "): " + broken, broken);
            }
        }
        scenario.checkRebuildFromRestingOrders();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewSeeds")
    void sameCommandsGiveTheSameEventsAndState(long seed) {
        Scenario first = new Scenario(seed);
        Scenario second = new Scenario(seed);
        for (int i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
            first.step(i);
            second.step(i);
        }
        assertThat(second.allEngineEvents).as("seed %d", seed).isEqualTo(first.allEngineEvents);
        assertThat(second.book.stateHash()).as("seed %d", seed).isEqualTo(first.book.stateHash());
    }

    static LongStream fewSeeds() {
        return LongStream.rangeClosed(10_001, 10_050);
    }

    /** One random stream: its generator, the engine, the reference model and the checks. */
    private static final class Scenario {

        private static final long MID_PRICE_TICKS = 100;

        final long seed;
        final Random random;
        final BookLimits limits;
        final long scale;
        final int owners;
        final int halfWidthTicks;
        final EventLog engineLog = new EventLog();
        final EventLog modelLog = new EventLog();
        final QuantityLedger ledger = new QuantityLedger();
        final OrderBook book;
        final ReferenceBook model;
        final List<String> allEngineEvents = new ArrayList<>();
        long nextOrderId = 1;
        String command;

        Scenario(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.scale = new long[] {1, 1, 37, 1_000}[random.nextInt(4)];
            int span = (int) (random.nextBoolean() ? 200 * scale : (4 + random.nextInt(12)) * scale);
            this.limits = new BookLimits(8 + random.nextInt(40), 200 * scale, 40, span);
            this.owners = 2 + random.nextInt(3);
            this.halfWidthTicks = 1 + random.nextInt(8);
            this.book = new OrderBook(1, limits, new Tee(engineLog, ledger));
            this.model = new ReferenceBook(limits, modelLog);
        }

        void step(int index) {
            ledger.startCommand(index);
            int dice = random.nextInt(100);
            if (dice < 36) {
                place(index, OrderType.LIMIT, TimeInForce.GTC);
            } else if (dice < 44) {
                place(index, OrderType.LIMIT, TimeInForce.IOC);
            } else if (dice < 51) {
                place(index, OrderType.LIMIT, TimeInForce.FOK);
            } else if (dice < 56) {
                place(index, OrderType.MARKET, TimeInForce.values()[random.nextInt(3)]);
            } else if (dice < 67) {
                cancel();
            } else if (dice < 83) {
                amendPrice();
            } else if (dice < 93) {
                amendQuantity();
            } else if (dice < 97) {
                placeInvalid(index);
            } else {
                placeDuplicate(index);
            }
            check(index);
        }

        private void place(int index, OrderType type, TimeInForce timeInForce) {
            long price = type == OrderType.MARKET ? 0 : randomPrice();
            submit(index, nextOrderId++, type, timeInForce, price, 1 + random.nextInt(12));
        }

        private void placeInvalid(int index) {
            long[][] cases = {{0, 5}, {limits.maxPriceTicks() + 1, 5}, {100, 0}, {100, limits.maxQuantity() + 1}, {-3, 2}};
            if (random.nextInt(5) == 0) {
                submit(index, nextOrderId++, OrderType.MARKET, TimeInForce.IOC, 1 + random.nextInt(100), 1);
                return;
            }
            long[] invalid = cases[random.nextInt(cases.length)];
            submit(index, nextOrderId++, OrderType.LIMIT, TimeInForce.GTC, invalid[0], invalid[1]);
        }

        private void placeDuplicate(int index) {
            long orderId = random.nextBoolean() ? existingOrderId() : Math.max(1, nextOrderId - 1 - random.nextInt(20));
            submit(index, orderId, OrderType.LIMIT, TimeInForce.GTC, randomPrice(), 1 + random.nextInt(5));
        }

        private void submit(int index, long orderId, OrderType type, TimeInForce tif, long price, long quantity) {
            long owner = 1 + random.nextInt(owners);
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            command = "place " + orderId + " owner=" + owner + " " + side + " " + type + " " + tif + " " + price + " x " + quantity;
            if (book.restingOrder(orderId).isEmpty()) {
                ledger.open(orderId, quantity, index);
            }
            book.place(orderId, owner, side, type, tif, price, quantity);
            model.place(orderId, owner, side, type, tif, price, quantity);
        }

        private void cancel() {
            long orderId = existingOrderId();
            command = "cancel " + orderId;
            book.cancel(orderId);
            model.cancel(orderId);
        }

        private void amendPrice() {
            long orderId = existingOrderId();
            long price = randomPrice();
            long remaining = book.restingOrder(orderId).map(RestingOrder::remainingQuantity).orElse(1L);
            command = "amend " + orderId + " price " + price;
            book.amendPrice(orderId, price);
            model.amend(orderId, price, remaining);
        }

        private void amendQuantity() {
            long orderId = existingOrderId();
            RestingOrder order = book.restingOrder(orderId).orElse(null);
            long current = order == null ? 5 : order.remainingQuantity();
            long quantity = random.nextInt((int) current + 2);
            long price = order == null || random.nextInt(4) == 0 ? randomPrice() : order.priceTicks();
            command = "amend " + orderId + " price " + price + " qty " + quantity;
            book.amend(orderId, price, quantity);
            model.amend(orderId, price, quantity);
        }

        /** Mostly a resting order; sometimes a finished or never-used id. */
        private long existingOrderId() {
            List<RestingOrder> all = new ArrayList<>(book.restingOrders(Side.BUY));
            all.addAll(book.restingOrders(Side.SELL));
            if (all.isEmpty() || random.nextInt(10) == 0) {
                return 1 + random.nextInt((int) nextOrderId + 5);
            }
            return all.get(random.nextInt(all.size())).orderId();
        }

        /** Near the middle, or now and then anywhere in the valid range; multiplied by the scenario's scale. */
        private long randomPrice() {
            if (random.nextInt(100) < 3) {
                return 1 + (long) random.nextInt((int) limits.maxPriceTicks());
            }
            return scale * (MID_PRICE_TICKS - halfWidthTicks + random.nextInt(2 * halfWidthTicks + 1));
        }

        private void check(int index) {
            String where = "seed " + seed + ", command " + index + " (" + command + ")";
            List<String> engineEvents = engineLog.drain();
            allEngineEvents.addAll(engineEvents);
            assertThat(engineEvents).as("events, " + where).isEqualTo(modelLog.drain());
            book.validateInternalState();
            for (Side side : Side.values()) {
                List<RestingOrder> orders = book.restingOrders(side);
                assertThat(orders).as("resting %s orders, %s", side, where).isEqualTo(model.restingOrders(side));
                checkPriorityOrder(orders, where);
                checkDepth(side, orders, where);
            }
            checkNotCrossed(where);
            checkConservation(where);
        }

        private void checkPriorityOrder(List<RestingOrder> orders, String where) {
            for (int i = 1; i < orders.size(); i++) {
                RestingOrder before = orders.get(i - 1);
                RestingOrder after = orders.get(i);
                boolean betterPrice = before.side() == Side.BUY
                        ? before.priceTicks() > after.priceTicks()
                        : before.priceTicks() < after.priceTicks();
                boolean fifo = before.priceTicks() == after.priceTicks()
                        && ledger.account(before.orderId()).prioritySequence < ledger.account(after.orderId()).prioritySequence;
                assertThat(betterPrice || fifo).as("priority of %d before %d, %s", before.orderId(), after.orderId(), where).isTrue();
            }
        }

        private void checkDepth(Side side, List<RestingOrder> orders, String where) {
            List<PriceLevelView> expected = new ArrayList<>();
            for (RestingOrder order : orders) {
                int last = expected.size() - 1;
                if (last >= 0 && expected.get(last).priceTicks() == order.priceTicks()) {
                    PriceLevelView level = expected.get(last);
                    expected.set(last, new PriceLevelView(level.priceTicks(), level.quantity() + order.remainingQuantity(), level.orderCount() + 1));
                } else {
                    expected.add(new PriceLevelView(order.priceTicks(), order.remainingQuantity(), 1));
                }
            }
            assertThat(book.depth(side, Integer.MAX_VALUE)).as("depth %s, %s", side, where).isEqualTo(expected);
            assertThat(book.restingQuantity(side)).as("quantity %s, %s", side, where)
                    .isEqualTo(orders.stream().mapToLong(RestingOrder::remainingQuantity).sum());
        }

        private void checkNotCrossed(String where) {
            List<PriceLevelView> bestBid = book.depth(Side.BUY, 1);
            List<PriceLevelView> bestAsk = book.depth(Side.SELL, 1);
            if (!bestBid.isEmpty() && !bestAsk.isEmpty()) {
                assertThat(bestBid.get(0).priceTicks()).as("book crossed, %s", where).isLessThan(bestAsk.get(0).priceTicks());
            }
        }

        private void checkConservation(String where) {
            for (long orderId : ledger.touched()) {
                QuantityLedger.Account account = ledger.account(orderId);
                long resting = book.restingOrder(orderId).map(RestingOrder::remainingQuantity).orElse(0L);
                assertThat(account.remaining).as("remaining of %d, %s", orderId, where).isEqualTo(resting);
                assertThat(account.filled + account.cancelled + account.remaining)
                        .as("filled + cancelled + remaining of %d, %s", orderId, where).isEqualTo(account.original);
            }
        }

        /** Rebuilding the book from its resting orders in time priority order gives the same book. */
        void checkRebuildFromRestingOrders() {
            List<RestingOrder> all = new ArrayList<>(book.restingOrders(Side.BUY));
            all.addAll(book.restingOrders(Side.SELL));
            all.sort(Comparator.comparingLong(o -> ledger.account(o.orderId()).prioritySequence));
            OrderBook rebuilt = new OrderBook(1, limits, new EventLog());
            for (RestingOrder order : all) {
                rebuilt.insertResting(order.orderId(), order.owner(), order.side(), order.priceTicks(), order.remainingQuantity());
            }
            rebuilt.validateInternalState();
            assertThat(rebuilt.stateHash()).as("rebuilt book, seed %d", seed).isEqualTo(book.stateHash());
            assertThat(rebuilt.restingOrders(Side.BUY)).isEqualTo(book.restingOrders(Side.BUY));
            assertThat(rebuilt.restingOrders(Side.SELL)).isEqualTo(book.restingOrders(Side.SELL));
        }
    }
}
