package dev.cpx.web.api.market;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.BlockOrderView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceBlockOrder;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.api.market.MarketResponses.Order;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Block orders: one class and region over a range of delivery, all or nothing (API 1.1). */
@RestController
@RequestMapping("/api/v1/block-orders")
@Tag(name = "Orders")
class BlockOrderApi {

    private final MarketService market;

    BlockOrderApi(MarketService market) {
        this.market = market;
    }

    record BlockOrderRequest(@NotBlank String clientOrderId, @NotBlank String computeClass, @NotBlank String region,
                             @NotNull String side, @NotNull Long quantity, @NotNull String start, @NotNull String end,
                             @NotNull String limitPrice, String project) {
    }

    record BlockOrder(long blockOrderId, String clientOrderId, String side, String status, long quantity, String start,
                      String end, String averagePrice, String total, List<Order> orders) {

        static BlockOrder of(BlockOrderView view, Side side, long quantity) {
            boolean filled = view.orders().stream().allMatch(o -> o.remainingQuantity() == 0
                    && o.filledQuantity() == o.quantity());
            return new BlockOrder(view.orders().getFirst().orderId(), view.clientOrderId(), side.name(),
                    side == Side.BUY || filled ? "FILLED" : "OPEN", quantity, view.start().toString(),
                    view.end().toString(), Money.formatAverage(view.valueMinor(), view.filledGpuHours()),
                    Money.format(view.valueMinor()), view.orders().stream().map(Order::of).toList());
        }
    }

    @PostMapping
    @PreAuthorize(ApiAccess.TRADE)
    @Operation(summary = "Buy all or none of quantity GPUs in every instrument delivering in [start, end) at an "
            + "average price per GPU-hour (fees excluded) no higher than limitPrice (422 block-not-fillable, nothing "
            + "held or left); or list one ask per instrument at limitPrice. The same clientOrderId and body again "
            + "answers 200 with the same block")
    ResponseEntity<BlockOrder> place(CpxPrincipal caller, @Valid @RequestBody BlockOrderRequest request) {
        Side side = OrderApi.parse(Side.class, "side", request.side());
        var order = new PlaceBlockOrder(caller.organization(), request.clientOrderId(), request.computeClass().strip(),
                request.region().strip(), side, request.quantity(), hour("start", request.start()),
                hour("end", request.end()), Prices.parse(request.limitPrice(), "limitPrice"), request.project());
        var result = market.placeBlock(order);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(BlockOrder.of(result.block(), side, request.quantity()));
    }

    /** An instant on a whole UTC hour, such as 2026-12-08T18:00:00Z. */
    private static Instant hour(String field, String text) {
        try {
            Instant instant = Instant.parse(text.strip());
            if (!instant.truncatedTo(ChronoUnit.HOURS).equals(instant)) {
                throw new DateTimeParseException("not on the hour", text, 0);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be a whole UTC hour such as "
                    + "2026-12-08T18:00:00Z", List.of(new FieldError(field, "a whole UTC hour")));
        }
    }
}
