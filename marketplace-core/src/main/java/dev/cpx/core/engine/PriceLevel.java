package dev.cpx.core.engine;

/** The orders resting at one price on one side, oldest first. Pooled. */
final class PriceLevel {

    long priceTicks;
    long totalQuantity;
    int orderCount;
    BookOrder head;
    BookOrder tail;

    void append(BookOrder order) {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (tail == null) {
            head = order;
        } else {
            tail.next = order;
        }
        tail = order;
        orderCount++;
        totalQuantity += order.remainingQuantity;
    }

    /** Unlinks the order; its remaining quantity must already be taken out of {@link #totalQuantity}. */
    void unlink(BookOrder order) {
        if (order.prev == null) {
            head = order.next;
        } else {
            order.prev.next = order.next;
        }
        if (order.next == null) {
            tail = order.prev;
        } else {
            order.next.prev = order.prev;
        }
        orderCount--;
    }

    boolean isEmpty() {
        return orderCount == 0;
    }

    void clear() {
        head = null;
        tail = null;
        orderCount = 0;
        totalQuantity = 0;
    }
}
