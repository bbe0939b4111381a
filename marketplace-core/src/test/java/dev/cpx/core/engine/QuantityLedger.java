package dev.cpx.core.engine;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Follows every order's quantity through the events alone: original = filled + cancelled +
 * remaining must hold at all times. Also remembers when each order last got its time priority,
 * to check FIFO within a price level.
 */
final class QuantityLedger implements EngineListener {

    static final class Account {
        final long original;
        long filled;
        long cancelled;
        long remaining;
        long priceTicks;
        long prioritySequence;

        Account(long original, long prioritySequence) {
            this.original = original;
            this.remaining = original;
            this.prioritySequence = prioritySequence;
        }
    }

    private final Map<Long, Account> accounts = new HashMap<>();
    private final Set<Long> touched = new LinkedHashSet<>();
    private long sequence;

    /** Starts accounting for a new order before it is placed. */
    void open(long orderId, long quantity, long commandSequence) {
        accounts.put(orderId, new Account(quantity, commandSequence));
        sequence = commandSequence;
        touched.add(orderId);
    }

    void startCommand(long commandSequence) {
        sequence = commandSequence;
        touched.clear();
    }

    Account account(long orderId) {
        return accounts.get(orderId);
    }

    Set<Long> touched() {
        return touched;
    }

    @Override
    public void onTrade(long makerOrderId, long takerOrderId, long makerOwner, long takerOwner,
            long priceTicks, long quantity, Side takerSide) {
        fill(makerOrderId, quantity);
        fill(takerOrderId, quantity);
    }

    private void fill(long orderId, long quantity) {
        Account account = accounts.get(orderId);
        account.filled += quantity;
        account.remaining -= quantity;
        touched.add(orderId);
    }

    @Override
    public void onRested(long orderId, long owner, Side side, long priceTicks, long remainingQuantity) {
        Account account = accounts.get(orderId);
        account.priceTicks = priceTicks;
        if (account.remaining != remainingQuantity) {
            throw new AssertionError("order " + orderId + " rests " + remainingQuantity + " but events leave " + account.remaining);
        }
    }

    @Override
    public void onCancelled(long orderId, long cancelledQuantity, CancelReason reason) {
        Account account = accounts.get(orderId);
        account.cancelled += cancelledQuantity;
        account.remaining -= cancelledQuantity;
        touched.add(orderId);
        if (account.remaining != 0) {
            throw new AssertionError("order " + orderId + " cancelled with " + account.remaining + " left over");
        }
    }

    @Override
    public void onAmended(long orderId, long priceTicks, long remainingQuantity) {
        Account account = accounts.get(orderId);
        account.cancelled += account.remaining - remainingQuantity;
        account.remaining = remainingQuantity;
        if (priceTicks != account.priceTicks) {
            account.priceTicks = priceTicks;
            account.prioritySequence = sequence;
        }
        touched.add(orderId);
    }

    @Override
    public void onRejected(long orderId, RejectReason reason) {
        if (reason != RejectReason.DUPLICATE_ORDER_ID && touched.contains(orderId)
                && accounts.get(orderId).filled == 0 && accounts.get(orderId).cancelled == 0) {
            accounts.remove(orderId);
            touched.remove(orderId);
        }
    }
}
