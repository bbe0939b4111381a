package dev.cpx.core.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreInstrument;
import dev.cpx.core.market.core.CoreResult;
import dev.cpx.core.market.core.OrderSnapshot;
import dev.cpx.core.market.internal.MarketOwner;
import java.time.Instant;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The market's use cases. Writes go to the market core and return its own answer once the batch committed;
 * reads come from the database or from the core's published book snapshots.
 */
@Service
public class MarketService {

    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern BLOCK_CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,58}");
    /** Letters and digits of any script, spaces inside, and . _ : / # -: a name a finance team recognises. */
    private static final Pattern PROJECT = Pattern.compile("[\\p{L}\\p{N}._:/#-]([\\p{L}\\p{N} ._:/#-]{0,62}[\\p{L}\\p{N}._:/#-])?");
    private static final int BOOK_DEPTH = 20;

    private final MarketOwner market;
    private final MarketQueries queries;
    private final MarketSettings settings;

    MarketService(MarketOwner market, MarketQueries queries, MarketSettings settings) {
        this.market = market;
        this.queries = queries;
        this.settings = settings;
    }

    public PlacementResult place(PlaceOrder order) {
        requireBuyerToBuy(order);
        validate(order);
        CoreInstrument instrument = market.instrument(order.instrument())
                .orElseThrow(() -> CpxException.notFound("instrument", order.instrument()));
        CoreResult result = market.execute(placeCommand(order, instrument, false));
        if (result instanceof CoreResult.ClientOrderIdUsedBefore) {
            var earlier = queries.orderByClientId(order.organization().id(), order.clientOrderId());
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(order.fingerprint())) {
                    throw new CpxException(ErrorCode.IDEMPOTENCY_CONFLICT, "clientOrderId " + order.clientOrderId()
                            + " was used for a different order (" + earlier.get().id() + ")");
                }
                return new PlacementResult(queries.order(order.organization().id(), earlier.get().id()), false);
            }
            result = market.execute(placeCommand(order, instrument, true));
        }
        return switch (result) {
            case CoreResult.OrderAnswer answer -> new PlacementResult(view(answer.order()), answer.created());
            case CoreResult.Replay replay -> new PlacementResult(queries.order(order.organization().id(),
                    replay.orderId()), false);
            default -> throw refusal(result, order.organization().id());
        };
    }

    /**
     * A block order across the instruments of one class and region that deliver exactly {@code [start, end)}: all or
     * nothing (see {@link CoreCommand.PlaceBlock}). The same client order id and terms again answer the same block.
     */
    public PlacementResult.Block placeBlock(PlaceBlockOrder order) {
        if (order.side() == Side.BUY && !order.organization().buyer()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "organization " + order.organization().code()
                    + " is not a buyer, so it may not buy");
        }
        if (order.clientOrderId() == null || !BLOCK_CLIENT_ORDER_ID.matcher(order.clientOrderId()).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "clientOrderId must be 1-58 characters of "
                    + "A-Z a-z 0-9 . _ - (its orders get :1, :2, ...)",
                    List.of(new CpxException.FieldError("clientOrderId", "1-58 of A-Z a-z 0-9 . _ -")));
        }
        requirePrice(order.limitPriceTicks());
        requireQuantity(order.quantity());
        requireProject(order.project());
        List<CoreInstrument> instruments = queries.instrumentsCovering(order.computeClass(), order.region(),
                order.start(), order.end()).stream()
                .map(symbol -> market.instrument(symbol).orElseThrow(() -> CpxException.notFound("instrument", symbol)))
                .toList();
        CoreResult result = market.execute(new CoreCommand.PlaceBlock(order.organization().id(), order.clientOrderId(),
                order.fingerprint(), instruments, order.side(), order.quantity(), order.limitPriceTicks(),
                order.project(), order.maxTotalMinor()));
        return switch (result) {
            case CoreResult.BlockAnswer answer -> new PlacementResult.Block(block(order, answer.orders().stream()
                    .map(MarketService::view).toList(), instruments), true);
            case CoreResult.Replay replay -> new PlacementResult.Block(block(order, queries.blockOrders(
                    order.organization().id(), order.clientOrderId(), instruments.size()), instruments), false);
            case CoreResult.ClientOrderIdUsedBefore used -> {
                var earlier = queries.blockOrders(order.organization().id(), order.clientOrderId(), instruments.size());
                if (earlier.isEmpty()) {
                    throw new CpxException(ErrorCode.IDEMPOTENCY_CONFLICT, "clientOrderId " + order.clientOrderId()
                            + " was used before; choose another");
                }
                yield new PlacementResult.Block(block(order, earlier, instruments), false);
            }
            default -> throw refusal(result, order.organization().id());
        };
    }

    /** Totals from the instruments already resolved for the block: no query per child. */
    private static BlockOrderView block(PlaceBlockOrder order, List<OrderView> children,
                                        List<CoreInstrument> instruments) {
        var hoursBySymbol = new java.util.HashMap<String, Long>();
        instruments.forEach(i -> hoursBySymbol.put(i.symbol(), i.hours()));
        long value = 0;
        long gpuHours = 0;
        for (OrderView child : children) {
            long hours = hoursBySymbol.get(child.instrument());
            value += child.filledValueTicks() * hours;
            gpuHours += child.filledQuantity() * hours;
        }
        return new BlockOrderView(order.clientOrderId(), order.start(), order.end(), children, value, gpuHours);
    }

    public OrderView cancel(OrganizationView organization, long orderId) {
        return answer(organization, orderId, market.execute(new CoreCommand.Cancel(organization.id(), orderId)));
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
        return answer(organization, orderId, market.execute(new CoreCommand.Amend(organization.id(), orderId,
                priceTicks, remainingQuantity)));
    }

    /**
     * Sets a buyer's spend limits (null: none); the market checks them before every bid from the next command on.
     * Answers once committed, with today's spend.
     */
    public Spending setSpendLimits(OrganizationView organization, Long perOrderMinor, Long perDayMinor) {
        if (!organization.buyer()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "organization " + organization.code()
                    + " is not a buyer, so it has no spend to limit");
        }
        CoreResult result = market.execute(new CoreCommand.SetSpendLimits(organization.id(), perOrderMinor,
                perDayMinor));
        if (!(result instanceof CoreResult.Applied)) {
            throw refusal(result, organization.id());
        }
        return queries.spending(organization.id());
    }

    public static final int MAX_HALT_REASON_LENGTH = 500;

    /**
     * Halts trading in one instrument ({@code symbol}) or in every instrument of a compute class: new orders and
     * amends there are refused until {@link #resume}; cancels go on. Answers once the halt is journaled.
     */
    public MarketHalt halt(String symbol, String computeClass, String reason, String haltedBy) {
        String why = requireHaltReason(reason);
        CoreCommand.Halt command;
        if (present(symbol) == present(computeClass)) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "name either an instrument or a compute class to halt",
                    List.of(new CpxException.FieldError("instrument", "an instrument or a compute class, not both")));
        } else if (present(symbol)) {
            CoreInstrument instrument = market.instrument(symbol.strip())
                    .orElseThrow(() -> CpxException.notFound("instrument", symbol.strip()));
            command = new CoreCommand.Halt(instrument, null, why, haltedBy);
        } else {
            String code = computeClass.strip();
            if (!queries.computeClassExists(code)) {
                throw new CpxException(ErrorCode.UNKNOWN_COMPUTE_CLASS, "compute class " + code + " does not exist",
                        List.of(new CpxException.FieldError("computeClass", "unknown compute class")));
            }
            command = new CoreCommand.Halt(null, code, why, haltedBy);
        }
        CoreResult result = market.execute(command);
        if (!(result instanceof CoreResult.Applied)) {
            throw refusal(result, 0);
        }
        String key = command.instrument() != null ? command.instrument().symbol() : null;
        return queries.halts().halts().stream()
                .filter(h -> key != null ? key.equals(h.instrument())
                        : h.instrument() == null && command.computeClass().equals(h.computeClass()))
                .findFirst().orElseThrow(() -> new IllegalStateException("halt " + command + " not stored"));
    }

    /** Lifts the halt of an instrument or of a compute class; 404 when it is not halted. */
    public void resume(String symbol, String computeClass) {
        CoreCommand.Resume command;
        if (present(symbol)) {
            long instrumentId = queries.instrumentId(symbol.strip())
                    .orElseThrow(() -> CpxException.notFound("instrument", symbol.strip()));
            command = new CoreCommand.Resume(instrumentId, null);
        } else if (present(computeClass)) {
            command = new CoreCommand.Resume(null, computeClass.strip());
        } else {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "name the instrument or compute class to resume");
        }
        CoreResult result = market.execute(command);
        if (result instanceof CoreResult.Refused refused && refused.code() == ErrorCode.NOT_FOUND) {
            throw new CpxException(ErrorCode.NOT_FOUND, (present(symbol) ? symbol.strip()
                    : "compute class " + computeClass.strip()) + " is not halted");
        }
        if (!(result instanceof CoreResult.Applied)) {
            throw refusal(result, 0);
        }
    }

    public MarketHalts halts() {
        return queries.halts();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String requireHaltReason(String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_HALT_REASON_LENGTH) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give a reason of 1 to " + MAX_HALT_REASON_LENGTH
                    + " characters: traders see it and the audit trail keeps it",
                    List.of(new CpxException.FieldError("reason", "1 to " + MAX_HALT_REASON_LENGTH + " characters")));
        }
        return trimmed;
    }

    public Spending spending(OrganizationView organization) {
        return queries.spending(organization.id());
    }

    /** Expires the open orders of an instrument whose gate has closed. */
    public void expire(long instrumentId) {
        market.execute(new CoreCommand.Expire(instrumentId));
    }

    public List<Long> instrumentsToExpire() {
        return queries.instrumentsToExpire();
    }

    public BookView book(String symbol) {
        long instrumentId = queries.instrumentId(symbol).orElseThrow(() -> CpxException.notFound("instrument", symbol));
        if (!market.status().active()) {
            return queries.bookFromDatabase(instrumentId, symbol, BOOK_DEPTH);
        }
        return market.book(instrumentId).orElseGet(() -> BookView.empty(symbol, queries.lastPrice(instrumentId)));
    }

    /** Best bid, best ask and last price of an instrument, from the published snapshot or, off the owner, the database. */
    public BookView quote(long instrumentId, String symbol) {
        if (!market.status().active()) {
            // Best prices only (levels without quantities), as the catalog's listings use them.
            long[] best = queries.bestPricesFromDatabase().get(instrumentId);
            if (best == null) {
                return BookView.empty(symbol, null);
            }
            return new BookView(symbol, best[0] > 0 ? List.of(new BookView.Level(best[0], 0, 0)) : List.of(),
                    best[1] > 0 ? List.of(new BookView.Level(best[1], 0, 0)) : List.of(), null);
        }
        return market.book(instrumentId).orElseGet(() -> BookView.empty(symbol, null));
    }

    /**
     * The ask levels (best first) of each instrument that has any: from the published snapshots while this
     * instance runs the market (no query), else from the open orders in one query. Snapshots hold the best
     * {@value #BOOK_DEPTH} levels.
     */
    public Map<Long, List<BookView.Level>> askDepth(Collection<Long> instrumentIds) {
        if (!market.status().active()) {
            return queries.asksFromDatabase(instrumentIds, BOOK_DEPTH);
        }
        var asks = new HashMap<Long, List<BookView.Level>>();
        for (long instrumentId : instrumentIds) {
            market.book(instrumentId).filter(book -> !book.asks().isEmpty())
                    .ifPresent(book -> asks.put(instrumentId, book.asks()));
        }
        return asks;
    }

    /** Whether this instance can run market commands now (itself or through the owner), and why not. */
    public MarketStatus status() {
        return market.status();
    }

    /**
     * Replays every journaled command through a fresh market core and compares the state with the tables: the
     * journal is the market's audit trail.
     */
    public JournalAudit auditJournal() {
        return market.auditJournal();
    }

    /** The address other instances forward market commands to while this instance owns the market. */
    public void advertise(String address) {
        market.advertise(address);
    }

    /** Runs a command another instance forwarded to this one, the market's owner; see docs/market.md. */
    public ForwardedCommand executeForwarded(String token, ForwardedCommand command) {
        return market.executeForwarded(token, command);
    }

    private OrderView answer(OrganizationView organization, long orderId, CoreResult result) {
        if (result instanceof CoreResult.OrderAnswer answer) {
            return view(answer.order());
        }
        throw refusal(result, organization.id());
    }

    private CpxException refusal(CoreResult result, long organizationId) {
        return switch (result) {
            case CoreResult.Refused refused -> new CpxException(refused.code(), refused.detail());
            case CoreResult.NotLive notLive -> queries.finalStatus(organizationId, notLive.orderId())
                    .map(status -> new CpxException(ErrorCode.ORDER_FINAL, "order " + notLive.orderId()
                            + " is already " + status))
                    .orElseGet(() -> CpxException.notFound("order", notLive.orderId()));
            default -> throw new IllegalStateException("unexpected market answer " + result);
        };
    }

    private static CoreCommand.Place placeCommand(PlaceOrder order, CoreInstrument instrument, boolean checked) {
        return new CoreCommand.Place(order.organization().id(), order.clientOrderId(), order.fingerprint(),
                instrument, order.side(), order.type(), order.timeInForce(), order.priceTicks(), order.quantity(),
                checked, order.project());
    }

    private static OrderView view(OrderSnapshot order) {
        return new OrderView(order.id(), order.clientOrderId(), order.instrument().symbol(), order.side(),
                order.type(), order.timeInForce(), order.priceTicks(), order.quantity(), order.filled(),
                order.remaining(), order.filledValueTicks(), order.status(),
                Instant.ofEpochMilli(order.createdAtMillis()),
                order.fills().stream().map(f -> new OrderView.Fill(f.tradeId(), f.priceTicks(), f.quantity(),
                        f.contractId())).toList(), order.cancelReason(), order.project());
    }

    /** Only an organization with the buyer role may bid; a provider-only organization sells its capacity. */
    private static void requireBuyerToBuy(PlaceOrder order) {
        OrganizationView organization = order.organization();
        if (order.side() == Side.BUY && !organization.buyer()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "organization " + organization.code()
                    + " is not a buyer, so it may not place BUY orders; the platform grants the buyer role");
        }
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
        requireProject(order.project());
    }

    /** A project travels to contracts, statements and exports: the same rule for orders and block orders. */
    private static void requireProject(String project) {
        if (project != null && !PROJECT.matcher(project).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "project must be 1-64 letters, digits, spaces inside, "
                    + "or . _ : / # -", List.of(new CpxException.FieldError("project", "1-64 letters, digits, "
                    + "spaces inside, or . _ : / # -")));
        }
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
