package dev.cpx.benchmarks;

import dev.cpx.core.engine.BookLimits;
import dev.cpx.core.engine.CancelReason;
import dev.cpx.core.engine.EngineListener;
import dev.cpx.core.engine.OrderBook;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RejectReason;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pre-generated command stream modelled on exchange-core's single order book test: one
 * instrument, about 1,000 resting orders over about 750 price levels, a mix of 9% GTC orders,
 * 3% IOC orders, 6% cancels and 82% price moves.
 *
 * <p>Passive prices lie up to {@value #HALF_WIDTH_TICKS} ticks behind the opposite best price.
 * IOC orders reach 0..2 ticks through the opposite best. A move crosses the same way with a
 * probability of {@value #CROSSING_MOVES_PER_MILLE} per mille times the book size over the
 * target, which holds the book near {@value #TARGET_RESTING_ORDERS} orders. With this mix a
 * steady book lets a little over 5% of commands trade: every trade fills a maker or the taker,
 * and the 9% of new orders less the 6% of cancels leave room for about 3% of commands to remove
 * an order by filling it.
 *
 * <p>The stream is generated once from a fixed seed, with a CPX book as the oracle that knows
 * which orders are live, and stored in primitive arrays. Every order has its own owner, because
 * exchange-core has no self-trade prevention: so both books see exactly the same trades. Every
 * move changes the order's price, because a move to the same price is a no-op in CPX but a loss
 * of time priority in exchange-core.
 */
public final class SingleBookWorkload {

    public static final byte GTC = 0;
    public static final byte IOC = 1;
    public static final byte CANCEL = 2;
    public static final byte MOVE = 3;

    static final long CENTER_PRICE_TICKS = 100_000;
    static final int HALF_WIDTH_TICKS = 820;
    static final int TARGET_RESTING_ORDERS = 1_000;
    /** Per mille of moves that cross at the target book size; scaled by size/target, which holds the size near the target. */
    static final int CROSSING_MOVES_PER_MILLE = 29;
    /** IOC orders are small (1..4 GPUs), so they mostly nibble at makers instead of removing them. */
    static final int MAX_IOC_QUANTITY = 4;
    static final BookLimits LIMITS = new BookLimits(100_000, 10_000_000, 1_000_000, 100_000);

    /** The prefill: GTC orders that build the starting book, not measured. */
    final Commands prefill;
    /** The measured stream. */
    final Commands stream;
    /** Orders resting once the whole stream ran; cancelling them empties the book again. */
    final long[] finalRestingOrderIds;
    final String description;

    /** Commands as parallel primitive arrays; an order's owner is its id. */
    static final class Commands {
        final byte[] kinds;
        final boolean[] buys;
        final long[] orderIds;
        final long[] pricesTicks;
        final long[] quantities;
        int size;

        Commands(int capacity) {
            kinds = new byte[capacity];
            buys = new boolean[capacity];
            orderIds = new long[capacity];
            pricesTicks = new long[capacity];
            quantities = new long[capacity];
        }

        void add(byte kind, boolean buy, long orderId, long priceTicks, long quantity) {
            kinds[size] = kind;
            buys[size] = buy;
            orderIds[size] = orderId;
            pricesTicks[size] = priceTicks;
            quantities[size] = quantity;
            size++;
        }
    }

    private SingleBookWorkload(Commands prefill, Commands stream, long[] finalRestingOrderIds, String description) {
        this.prefill = prefill;
        this.stream = stream;
        this.finalRestingOrderIds = finalRestingOrderIds;
        this.description = description;
    }

    public static SingleBookWorkload generate(long seed, int commands) {
        return new Generator(seed, commands).run();
    }

    public int size() {
        return stream.size;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds the stream while running it through a CPX book to know the live orders and the best prices. */
    private static final class Generator implements EngineListener {

        final SplittableRandom random;
        final int commands;
        final OrderBook oracle;
        final LongArrayList live = new LongArrayList();
        final Long2IntOpenHashMap livePosition = new Long2IntOpenHashMap();
        final LongArrayList traded = new LongArrayList();
        long nextOrderId = 1;
        long commandsTrading;
        long levelSamples;
        long levelSum;
        long orderSum;
        final long[] kindCounts = new long[4];
        final long[] bestPrices = new long[1];
        final long[] bestQuantities = new long[1];
        final int[] bestCounts = new int[1];
        int oracleDepth;
        long minPrice = Long.MAX_VALUE;
        long maxPrice = Long.MIN_VALUE;

        Generator(long seed, int commands) {
            this.random = new SplittableRandom(seed);
            this.commands = commands;
            this.oracle = new OrderBook(1, LIMITS, this);
        }

        SingleBookWorkload run() {
            Commands prefill = new Commands(TARGET_RESTING_ORDERS);
            for (int i = 0; i < TARGET_RESTING_ORDERS; i++) {
                boolean buy = random.nextBoolean();
                apply(prefill, GTC, buy, nextOrderId++, passivePrice(buy), quantity());
            }
            Arrays.fill(kindCounts, 0);
            commandsTrading = 0;
            Commands stream = new Commands(commands);
            for (int i = 0; i < commands; i++) {
                next(stream);
                if (i % 1_000 == 0) {
                    levelSamples++;
                    levelSum += oracle.levelCount(Side.BUY) + oracle.levelCount(Side.SELL);
                    orderSum += oracle.restingOrderCount();
                }
            }
            long[] finalIds = live.toLongArray();
            return new SingleBookWorkload(prefill, stream, finalIds, describe());
        }

        private void next(Commands stream) {
            int dice = random.nextInt(100);
            if (dice < 9 || live.isEmpty()) {
                boolean buy = random.nextBoolean();
                apply(stream, GTC, buy, nextOrderId++, passivePrice(buy), quantity());
            } else if (dice < 12) {
                boolean buy = random.nextBoolean();
                apply(stream, IOC, buy, nextOrderId++, aggressivePrice(buy), 1 + random.nextInt(MAX_IOC_QUANTITY));
            } else if (dice < 18) {
                apply(stream, CANCEL, false, live.getLong(random.nextInt(live.size())), 0, 0);
            } else {
                RestingOrder order = oracle.restingOrder(live.getLong(random.nextInt(live.size()))).orElseThrow();
                boolean buy = order.side() == Side.BUY;
                boolean crossing = random.nextInt(1_000 * TARGET_RESTING_ORDERS)
                        < CROSSING_MOVES_PER_MILLE * oracle.restingOrderCount();
                long price = crossing ? aggressivePrice(buy) : passivePrice(buy);
                if (price == order.priceTicks()) {
                    price += buy ? -1 : 1;
                }
                apply(stream, MOVE, buy, order.orderId(), price, 0);
            }
        }

        private void apply(Commands commands, byte kind, boolean buy, long orderId, long priceTicks, long quantity) {
            commands.add(kind, buy, orderId, priceTicks, quantity);
            if (kind != CANCEL) {
                minPrice = Math.min(minPrice, priceTicks);
                maxPrice = Math.max(maxPrice, priceTicks);
            }
            kindCounts[kind]++;
            traded.clear();
            Side side = buy ? Side.BUY : Side.SELL;
            switch (kind) {
                case GTC -> oracle.place(orderId, orderId, side, OrderType.LIMIT, TimeInForce.GTC, priceTicks, quantity);
                case IOC -> oracle.place(orderId, orderId, side, OrderType.LIMIT, TimeInForce.IOC, priceTicks, quantity);
                case CANCEL -> oracle.cancel(orderId);
                default -> oracle.amendPrice(orderId, priceTicks);
            }
            if (!traded.isEmpty()) {
                commandsTrading++;
                for (int i = 0; i < traded.size(); i++) {
                    if (oracle.restingOrder(traded.getLong(i)).isEmpty()) {
                        forget(traded.getLong(i));
                    }
                }
            }
            if (kind == MOVE && oracle.restingOrder(orderId).isEmpty()) {
                forget(orderId);
            }
        }

        /** A price on the order's own side of the spread, up to the half width away from the opposite best. */
        private long passivePrice(boolean buy) {
            int away = 1 + random.nextInt(HALF_WIDTH_TICKS);
            return buy ? anchor(true) - away : anchor(false) + away;
        }

        /** The opposite best price, or one tick beyond the own best, or the centre of an empty book. */
        private long anchor(boolean buy) {
            long opposite = bestPrice(buy ? Side.SELL : Side.BUY);
            if (opposite != 0) {
                return opposite;
            }
            long own = bestPrice(buy ? Side.BUY : Side.SELL);
            return own == 0 ? CENTER_PRICE_TICKS : (buy ? own + 1 : own - 1);
        }

        private long bestPrice(Side side) {
            oracleDepth = oracle.depth(side, bestPrices, bestQuantities, bestCounts) == 0 ? 0 : 1;
            return oracleDepth == 0 ? 0 : bestPrices[0];
        }

        /** A price that reaches into the opposite best level (or the centre when that side is empty). */
        private long aggressivePrice(boolean buy) {
            long bestPrice = anchor(buy);
            int through = random.nextInt(3);
            return buy ? bestPrice + through : bestPrice - through;
        }

        private long quantity() {
            return 1 + random.nextInt(100);
        }

        private void forget(long orderId) {
            int position = livePosition.remove(orderId);
            long last = live.popLong();
            if (last != orderId) {
                live.set(position, last);
                livePosition.put(last, position);
            }
        }

        private String describe() {
            List<String> lines = new ArrayList<>();
            long n = commands;
            lines.add(String.format("workload: %,d commands after a prefill of %,d GTC orders", n, TARGET_RESTING_ORDERS));
            lines.add(String.format("  mix: GTC %,d, IOC %,d, cancel %,d, move %,d", kindCounts[GTC],
                    kindCounts[IOC], kindCounts[CANCEL], kindCounts[MOVE]));
            lines.add(String.format("  commands that trade: %.2f%%", 100.0 * commandsTrading / n));
            lines.add(String.format("  average resting orders %.0f over %.0f price levels (sampled every 1,000 commands)",
                    (double) orderSum / levelSamples, (double) levelSum / levelSamples));
            lines.add(String.format("  prices from %,d to %,d ticks", minPrice, maxPrice));
            return String.join(System.lineSeparator(), lines);
        }

        @Override
        public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
                long priceTicks, long quantity, Side takerSide) {
            traded.add(makerOrderId);
        }

        @Override
        public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
            livePosition.put(orderId, live.size());
            live.add(orderId);
        }

        @Override
        public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
            if (reason == CancelReason.OWNER_REQUEST) {
                forget(orderId);
            }
        }

        @Override
        public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        }

        @Override
        public void onRejected(long orderId, RejectReason reason) {
            throw new IllegalStateException("generated command refused: order " + orderId + " " + reason);
        }
    }
}
