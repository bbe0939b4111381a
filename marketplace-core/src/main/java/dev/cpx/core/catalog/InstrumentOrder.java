package dev.cpx.core.catalog;

import java.util.Map;

/**
 * How a page of instruments is ordered: optionally first by a rank of their class and region ({@code "CLASS|REGION"}
 * to rank, lowest first, equal ranks tie, unranked pairs last: e.g. most registered capacity first), then by
 * {@code key}.
 */
public record InstrumentOrder(Key key, Map<String, Integer> pairRank) {

    /**
     * Delivery: start, class, region. Class: class, start, region. Region: region, start, class. Ask: the best open
     * ask per GPU-hour, cheapest first, then by delivery; instruments without an ask after all those with one.
     * Ask per SCU: the same, the ask divided by the class's SCU per GPU.
     */
    public enum Key { DELIVERY, CLASS, REGION, ASK, ASK_PER_SCU }

    public static final InstrumentOrder BY_DELIVERY = new InstrumentOrder(Key.DELIVERY, Map.of());

    public InstrumentOrder {
        pairRank = Map.copyOf(pairRank);
        if (pairRank.keySet().stream().anyMatch(pair -> pair.indexOf('|') < 1)) {
            throw new IllegalArgumentException("pairs are ranked as CLASS|REGION");
        }
    }

    public static InstrumentOrder by(Key key) {
        return new InstrumentOrder(key, Map.of());
    }
}
