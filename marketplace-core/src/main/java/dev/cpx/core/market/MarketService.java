package dev.cpx.core.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.internal.MarketCommand;
import dev.cpx.core.market.internal.MarketPartition.Placed;
import dev.cpx.core.market.internal.MarketSequencers;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The market's use cases. Writes go through the instrument's sequencer and return once committed; reads come
 * from the database or from the sequencers' published book snapshots.
 */
@Service
public class MarketService {

    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final MarketSequencers sequencers;
    private final MarketQueries queries;
    private final MarketSettings settings;

    MarketService(MarketSequencers sequencers, MarketQueries queries, MarketSettings settings) {
        this.sequencers = sequencers;
        this.queries = queries;
        this.settings = settings;
    }

    public PlacementResult place(PlaceOrder order) {
        validate(order);
        long instrumentId = queries.instrumentId(order.instrument())
                .orElseThrow(() -> CpxException.notFound("instrument", order.instrument()));
        var placed = (Placed) sequencers.execute(instrumentId, new MarketCommand.Place(order, instrumentId));
        return new PlacementResult(queries.order(order.organization().id(), placed.orderId()), placed.created());
    }

    public OrderView cancel(OrganizationView organization, long orderId) {
        long instrumentId = queries.instrumentOfOrder(organization.id(), orderId);
        sequencers.execute(instrumentId, new MarketCommand.Cancel(organization.id(), orderId));
        return queries.order(organization.id(), orderId);
    }

    /** Changes a resting order's price and/or lowers its open quantity; null leaves a field as it is. */
    public OrderView amend(OrganizationView organization, long orderId, Long priceTicks, Long remainingQuantity) {
        if (priceTicks == null && remainingQuantity == null) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give a new price, a new quantity or both",
                    List.of(new CpxException.FieldError("price", "price or quantity required")));
        }
        if (priceTicks != null) {
            requirePrice(priceTicks);
        }
        if (remainingQuantity != null) {
            requireQuantity(remainingQuantity);
        }
        long instrumentId = queries.instrumentOfOrder(organization.id(), orderId);
        sequencers.execute(instrumentId, new MarketCommand.Amend(organization.id(), orderId, priceTicks,
                remainingQuantity));
        return queries.order(organization.id(), orderId);
    }

    /** Expires the open orders of an instrument whose gate has closed. */
    public void expire(long instrumentId) {
        sequencers.execute(instrumentId, new MarketCommand.Expire(instrumentId));
    }

    public List<Long> instrumentsToExpire() {
        return queries.instrumentsToExpire();
    }

    public BookView book(String symbol) {
        long instrumentId = queries.instrumentId(symbol).orElseThrow(() -> CpxException.notFound("instrument", symbol));
        return sequencers.book(instrumentId).orElseGet(() -> BookView.empty(symbol, queries.lastPrice(instrumentId)));
    }

    /** Best bid, best ask and last price of an instrument, from the published snapshot. */
    public BookView quote(long instrumentId, String symbol) {
        return sequencers.book(instrumentId).orElseGet(() -> BookView.empty(symbol, null));
    }

    private void validate(PlaceOrder order) {
        if (order.clientOrderId() == null || !CLIENT_ORDER_ID.matcher(order.clientOrderId()).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "clientOrderId must be 1-64 characters of A-Z a-z 0-9 . _ : -",
                    List.of(new CpxException.FieldError("clientOrderId", "1-64 characters of A-Z a-z 0-9 . _ : -")));
        }
        if (order.type() == OrderType.LIMIT) {
            if (order.priceTicks() == null) {
                throw new CpxException(ErrorCode.VALIDATION_FAILED, "a LIMIT order needs a price",
                        List.of(new CpxException.FieldError("price", "required for LIMIT orders")));
            }
            requirePrice(order.priceTicks());
        } else if (order.priceTicks() != null) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a MARKET order has no price",
                    List.of(new CpxException.FieldError("price", "must be absent for MARKET orders")));
        }
        requireQuantity(order.quantity());
    }

    private void requirePrice(long priceTicks) {
        if (priceTicks < 1 || priceTicks > settings.maxPriceTicks()) {
            throw new CpxException(ErrorCode.INVALID_PRICE, "price must be between 0.01 and "
                    + Money.format(settings.maxPriceTicks()) + " per GPU-hour");
        }
    }

    private void requireQuantity(long quantity) {
        if (quantity < 1 || quantity > settings.maxQuantity()) {
            throw new CpxException(ErrorCode.INVALID_QUANTITY, "quantity must be between 1 and "
                    + settings.maxQuantity() + " GPUs");
        }
    }
}
