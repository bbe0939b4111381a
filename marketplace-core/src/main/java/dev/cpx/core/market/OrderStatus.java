package dev.cpx.core.market;

/** The life of an order, as the API reports it. */
public enum OrderStatus {
    NEW,
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    EXPIRED;

    public boolean isFinal() {
        return this == FILLED || this == CANCELLED || this == EXPIRED;
    }

    public static OrderStatus resting(long filledQuantity) {
        return filledQuantity == 0 ? NEW : PARTIALLY_FILLED;
    }
}
