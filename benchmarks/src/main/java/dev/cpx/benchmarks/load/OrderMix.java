package dev.cpx.benchmarks.load;

import java.util.List;
import java.util.Random;

/**
 * The orders of a run, drawn from a seeded generator: on each instrument, bids from the demo buyers (and from SHCC,
 * an operator that also buys, on GZDH's instruments) and asks from the provider whose nodes back it. Bids lie
 * from 10 ticks under to 4 over the mid, asks from 4 under to 10 over, so the sides overlap by a few ticks and
 * about a third of orders trade; prices are low so that the demo wallets fund tens of thousands of bids.
 */
final class OrderMix {

    static final String ACME = "demo-acme-key";
    static final String NOVA = "demo-nova-key";
    static final String SHCC = "demo-shcc-key";
    static final String GZDH = "demo-gzdh-key";

    /** Mid price in ticks (0.01 per GPU-hour). */
    static final int MID_TICKS = 60;
    static final int MAX_ASK_QUANTITY = 3;
    /** Share of orders that are asks, in percent. */
    static final int ASK_PERCENT = 40;

    /** One order: who sends it and its JSON body. */
    record Order(String apiKey, String json, boolean ask) {
    }

    private final List<MarketSetup.Market> markets;
    private final String runTag;
    private final Random random;

    OrderMix(List<MarketSetup.Market> markets, String runTag, long seed) {
        this.markets = markets;
        this.runTag = runTag;
        this.random = new Random(seed);
    }

    /** The {@code i}-th order of the phase; call from one thread (the generator is not shared). */
    Order next(String phase, int i) {
        MarketSetup.Market market = markets.get(random.nextInt(markets.size()));
        boolean ask = random.nextInt(100) < ASK_PERCENT;
        String key = ask ? market.providerKey() : buyer(market);
        long priceTicks = ask ? MID_TICKS - 4 + random.nextInt(15) : MID_TICKS - 10 + random.nextInt(15);
        long quantity = 1 + random.nextInt(ask ? MAX_ASK_QUANTITY : 3);
        String timeInForce = random.nextInt(10) == 0 ? "IOC" : "GTC";
        String json = "{\"clientOrderId\":\"" + runTag + "-" + phase + "-" + i + "\",\"instrument\":\""
                + market.symbol() + "\",\"side\":\"" + (ask ? "SELL" : "BUY") + "\",\"type\":\"LIMIT\","
                + "\"timeInForce\":\"" + timeInForce + "\",\"price\":\"" + price(priceTicks) + "\",\"quantity\":"
                + quantity + "}";
        return new Order(key, json, ask);
    }

    private String buyer(MarketSetup.Market market) {
        int draw = random.nextInt(10);
        if (draw < 6) {
            return ACME;
        }
        if (draw < 7) {
            return NOVA;
        }
        return market.providerKey().equals(GZDH) ? SHCC : ACME;
    }

    private static String price(long ticks) {
        return ticks / 100 + "." + (ticks % 100 < 10 ? "0" : "") + ticks % 100;
    }
}
