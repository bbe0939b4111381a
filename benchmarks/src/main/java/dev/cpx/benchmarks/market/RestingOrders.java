package dev.cpx.benchmarks.market;

import dev.cpx.core.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The resting orders, drawn from a seeded generator: order {@code i} goes to open instrument {@code i mod n}, so
 * every instrument gets the same number of orders give or take one; in rounds 0, 2, 4... it is a bid from ACME or
 * NOVA, in rounds 1, 3, 5... an ask from the region's seller (60% bids for 100,000 orders on 30,000 instruments).
 * Bids lie at 50..59 ticks and asks at 61..70, so no book is crossed; quantities are 1..4 GPUs.
 */
final class RestingOrders {

    /** The application's default {@code cpx.market.buyer-fee-basis-points}; a bid's hold includes this fee. */
    static final int BUYER_FEE_BASIS_POINTS = 50;
    static final String[] BUYERS = {"ACME", "NOVA"};
    static final int MAX_QUANTITY = 4;
    private static final long SEED = 20261201L;

    /** Who sells in a region, and from which site; sites missing from the demo data are created. */
    record Seller(String region, String provider, String site) {
    }

    static final List<Seller> SELLERS = List.of(
            new Seller("CN-EAST", "SHCC", "SH01"),
            new Seller("CN-NORTH", "SHCC", "BJ01"),
            new Seller("CN-SOUTH", "GZDH", "GZ01"),
            new Seller("CN-WEST", "GZDH", "GY01"),
            new Seller("EU-CENTRAL", "GZDH", "FRA1"),
            new Seller("US-WEST", "SHCC", "SJC1"));

    /** One resting order; {@code holdMinor} is 0 for an ask. */
    record Order(MarketSchema.Instrument instrument, String organization, boolean buy, long priceTicks,
                 long quantity, long holdMinor) {
    }

    /** The orders, with what the ledger and the sellers' capacity need to know of them. */
    record Book(List<Order> orders, int bids, long holdsMinor, Map<String, Long> holdsByBuyer,
                Map<String, Long> maxOfferedByClassAndRegion) {

        int size() {
            return orders.size();
        }

        int asks() {
            return orders.size() - bids;
        }
    }

    private RestingOrders() {
    }

    static Book spread(List<MarketSchema.Instrument> open, int count) {
        var random = new Random(SEED);
        var orders = new ArrayList<Order>(count);
        var holdsByBuyer = new TreeMap<String, Long>();
        var offered = new long[open.size()];
        var maxOffered = new TreeMap<String, Long>();
        int bids = 0;
        long holds = 0;
        for (int i = 0; i < count; i++) {
            int index = i % open.size();
            MarketSchema.Instrument instrument = open.get(index);
            boolean buy = (i / open.size()) % 2 == 0;
            long quantity = 1 + random.nextInt(MAX_QUANTITY);
            if (buy) {
                String buyer = BUYERS[random.nextInt(BUYERS.length)];
                long price = 50 + random.nextInt(10);
                long hold = holdFor(quantity, instrument.hours(), price);
                orders.add(new Order(instrument, buyer, true, price, quantity, hold));
                holdsByBuyer.merge(buyer, hold, Long::sum);
                holds += hold;
                bids++;
            } else {
                long price = 61 + random.nextInt(10);
                orders.add(new Order(instrument, seller(instrument.region()).provider(), false, price, quantity, 0));
                offered[index] += quantity;
                maxOffered.merge(instrument.computeClass() + "|" + instrument.region(), offered[index], Math::max);
            }
        }
        return new Book(orders, bids, holds, holdsByBuyer, maxOffered);
    }

    /** As the sequencer holds a new bid: quantity x hours x price, plus the fee if it all filled at that price. */
    static long holdFor(long quantity, long hours, long priceTicks) {
        long open = Math.multiplyExact(Math.multiplyExact(quantity, hours), priceTicks);
        return open + Money.percentOf(open, BUYER_FEE_BASIS_POINTS);
    }

    static Seller seller(String region) {
        return SELLERS.stream().filter(s -> s.region().equals(region)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no seller for region " + region
                        + "; add one to RestingOrders.SELLERS"));
    }
}
