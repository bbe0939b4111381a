package dev.cpx.core.catalog;

import java.util.Map;

/**
 * How a page of instruments is ordered: optionally first by a rank of their class and region ({@code "CLASS|REGION"}
 * to rank, lowest first, equal ranks tie, unranked pairs last: e.g. most registered capacity first), then by
 * {@code key}.
 */
public record InstrumentOrder(Key key, Map<String, Integer> pairRank) {

    /** Delivery: start, class, region. Class: class, start, region. Region: region, start, class. */
    public enum Key { DELIVERY, CLASS, REGION }

    public static final InstrumentOrder BY_DELIVERY = new InstrumentOrder(Key.DELIVERY, Map.of());

    public InstrumentOrder {
        pairRank = Map.copyOf(pairRank);
        if (pairRank.keySet().stream().anyMatch(pair -> pair.indexOf('|') < 1)) {
            throw new IllegalArgumentException("pairs are ranked as CLASS|REGION");
        }
    }
}
