package dev.cpx.web.api.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.api.market.MarketResponses.Order;
import dev.cpx.web.api.input.DirectJson;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import dev.cpx.web.security.TradeAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Orders of the caller's organization: place (idempotent by clientOrderId), list, read, cancel, amend. */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderApi {

    private final MarketService market;
    private final MarketQueries queries;

    OrderApi(MarketService market, MarketQueries queries) {
        this.market = market;
        this.queries = queries;
    }

    @DirectJson
    record PlaceOrderRequest(@NotBlank String clientOrderId, @NotBlank String instrument, @NotNull String side,
                             @NotNull String type, String timeInForce, String price, @NotNull Long quantity,
                             String project) {
    }

    record AmendOrderRequest(String price, Long quantity) {
    }

    @PostMapping
    @TradeAccess
    @Operation(summary = "Place an order; the same clientOrderId and body again answers 200 with the same order")
    ResponseEntity<Order> place(CpxPrincipal caller, @Valid @RequestBody PlaceOrderRequest request) {
        OrderType type = parse(OrderType.class, "type", request.type());
        var order = new PlaceOrder(caller.organization(), request.clientOrderId(), request.instrument(),
                parse(Side.class, "side", request.side()), type,
                request.timeInForce() == null ? TimeInForce.GTC : parse(TimeInForce.class, "timeInForce",
                        request.timeInForce()),
                request.price() == null ? null : price(request.price()), request.quantity(), request.project());
        var result = market.place(order);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(Order.of(result.order()));
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "The organization's orders, newest first; status OPEN or ALL (default); at most 500")
    List<Order> list(CpxPrincipal caller, @RequestParam(defaultValue = "ALL") String status,
                     @RequestParam(required = false) String instrument,
                     @RequestParam(defaultValue = "100") int limit) {
        boolean openOnly = switch (status.toUpperCase(Locale.ROOT)) {
            case "OPEN" -> true;
            case "ALL" -> false;
            default -> throw new CpxException(ErrorCode.VALIDATION_FAILED, "status must be OPEN or ALL",
                    List.of(new FieldError("status", "OPEN or ALL")));
        };
        return queries.orders(caller.organizationId(), openOnly, instrument, limit).stream().map(Order::of).toList();
    }

    @GetMapping("/{orderId}")
    @PreAuthorize(ApiAccess.READ)
    Order get(CpxPrincipal caller, @PathVariable long orderId) {
        return Order.of(queries.order(caller.organizationId(), orderId));
    }

    @DeleteMapping("/{orderId}")
    @TradeAccess
    @Operation(summary = "Cancel a resting order; 409 when it is already final")
    Order cancel(CpxPrincipal caller, @PathVariable long orderId) {
        return Order.of(market.cancel(caller.organization(), orderId));
    }

    @PatchMapping("/{orderId}")
    @TradeAccess
    @Operation(summary = "Amend a resting order: a new price loses time priority; quantity is the new open "
            + "quantity and may only go down (422 otherwise); 409 when final")
    Order amend(CpxPrincipal caller, @PathVariable long orderId, @RequestBody AmendOrderRequest request) {
        return Order.of(market.amend(caller.organization(), orderId,
                request.price() == null ? null : price(request.price()), request.quantity()));
    }

    static long price(String text) {
        return Prices.parse(text, "price");
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            var allowed = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be one of " + allowed,
                    List.of(new FieldError(field, "one of " + allowed)));
        }
    }
}
