package dev.cpx.core.market.core;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.OrderStatus;
import java.util.ArrayList;
import java.util.List;

/** The core's working copy of a live order: what matching changes and what its hold is. */
final class CoreOrder {

    final long id;
    final long organizationId;
    final String clientOrderId;
    final String fingerprint;
    final CoreInstrument instrument;
    final Side side;
    final OrderType type;
    final TimeInForce timeInForce;
    final long quantity;
    final long createdAtMillis;
    final List<OrderSnapshot.Fill> fills;
    final String project;
    Long priceTicks;
    long holdPriceTicks;
    long remaining;
    long filled;
    long filledValueTicks;
    long cancelled;
    long holdMinor;
    long priority;
    int amendments;
    OrderStatus status;
    boolean resting;
    String cancelReason;

    CoreOrder(OrderSnapshot row) {
        this.id = row.id();
        this.organizationId = row.organizationId();
        this.clientOrderId = row.clientOrderId();
        this.fingerprint = row.fingerprint();
        this.instrument = row.instrument();
        this.side = row.side();
        this.type = row.type();
        this.timeInForce = row.timeInForce();
        this.quantity = row.quantity();
        this.createdAtMillis = row.createdAtMillis();
        this.fills = new ArrayList<>(row.fills());
        this.project = row.project();
        this.priceTicks = row.priceTicks();
        this.holdPriceTicks = row.holdPriceTicks();
        this.remaining = row.remaining();
        this.filled = row.filled();
        this.filledValueTicks = row.filledValueTicks();
        this.cancelled = row.cancelled();
        this.holdMinor = row.holdMinor();
        this.priority = row.priority();
        this.amendments = row.amendments();
        this.status = row.status();
        this.cancelReason = row.cancelReason();
    }

    OrderSnapshot snapshot() {
        return new OrderSnapshot(id, organizationId, clientOrderId, fingerprint, instrument, side, type, timeInForce,
                priceTicks, quantity, remaining, filled, filledValueTicks, cancelled, status, holdPriceTicks,
                holdMinor, priority, amendments, createdAtMillis, List.copyOf(fills), cancelReason, project);
    }

    void requireConserved() {
        if (quantity != filled + remaining + cancelled || remaining < 0 || filled < 0 || cancelled < 0) {
            throw new IllegalStateException("order " + id + " does not add up: quantity " + quantity + ", filled "
                    + filled + ", remaining " + remaining + ", cancelled " + cancelled);
        }
    }
}
