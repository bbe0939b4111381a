package dev.cpx.core.market.core;

/** What the market core needs to know of an instrument; instants are epoch milliseconds (UTC). */
public record CoreInstrument(long id, String symbol, String computeClass, String region, long deliveryStartMillis,
                             long deliveryEndMillis, long gateClosureMillis) {

    public CoreInstrument {
        if (deliveryEndMillis <= deliveryStartMillis || (deliveryEndMillis - deliveryStartMillis) % 3_600_000 != 0) {
            throw new IllegalArgumentException("delivery of " + symbol + " must be whole hours");
        }
    }

    public long hours() {
        return (deliveryEndMillis - deliveryStartMillis) / 3_600_000;
    }

    public boolean openAt(long nowMillis) {
        return nowMillis < gateClosureMillis;
    }

    String classRegion() {
        return classRegion(computeClass, region);
    }

    /** The key of a class and region's price-band reference. */
    static String classRegion(String computeClass, String region) {
        return computeClass + "|" + region;
    }
}
