package dev.cpx.web.api.market;

import dev.cpx.core.engine.Side;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.core.quote.Candidate;
import dev.cpx.core.quote.JobShape;
import dev.cpx.core.quote.Quote;
import dev.cpx.core.quote.QuoteService;
import dev.cpx.web.api.market.BlockOrderApi.BlockOrder;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Quotes (API 1.1): a job shape priced from the live books, and bought whole as a block. */
@RestController
@RequestMapping("/api/v1/quotes")
@Tag(name = "Orders")
class QuoteApi {

    private final QuoteService quotes;

    QuoteApi(QuoteService quotes) {
        this.quotes = quotes;
    }

    /** Decimals ({@code scu}, {@code minScuPerGpu}, prices) are strings such as "10.5", as money is. */
    record QuoteRequest(Long gpus, String scu, @NotNull Integer durationHours, @NotNull String earliestStart,
                        @NotNull String latestStart, @Size(max = 100) List<String> computeClasses,
                        String minScuPerGpu, Integer minMemoryGb, @Size(max = 100) List<String> regions,
                        String maxPricePerGpuHour) {
    }

    /** A plain decimal with up to 7 digits before the point and 2 after it. */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("[0-9]{1,8}(\\.[0-9]{1,2})?");

    record CandidateBody(String computeClass, String region, String start, String end, long gpus,
                         String averagePrice, String total, String pricePerScuHour, boolean feasible, String reason) {

        static CandidateBody of(Candidate c) {
            return new CandidateBody(c.computeClass(), c.region(), c.start().toString(), c.end().toString(), c.gpus(),
                    c.totalMinor() == null ? null : Money.formatAverage(c.totalMinor(), c.gpuHours()),
                    c.totalMinor() == null ? null : Money.format(c.totalMinor()),
                    c.pricePerScuHour() == null ? null : c.pricePerScuHour().toPlainString(), c.feasible(),
                    c.reason());
        }
    }

    record QuoteBody(String quoteId, String expiresAt, CandidateBody best, List<CandidateBody> candidates,
                     int candidateCount) {

        static QuoteBody of(Quote quote) {
            return new QuoteBody(quote.quoteId(), quote.expiresAt().toString(),
                    quote.best() == null ? null : CandidateBody.of(quote.best()),
                    quote.candidates().stream().map(CandidateBody::of).toList(), quote.candidateCount());
        }
    }

    record AcceptRequest(@NotNull String clientOrderId) {
    }

    @PostMapping
    @PreAuthorize(ApiAccess.SIGNED_IN)
    @Operation(summary = "Price a job shape over every class, region and whole-hour start it allows from the live "
            + "order books, cheapest total first; nothing is held. The quote can be accepted until expiresAt")
    QuoteBody quote(CpxPrincipal caller, @Valid @RequestBody QuoteRequest request) {
        return QuoteBody.of(quotes.quote(caller.organization(), shape(request)));
    }

    @PostMapping("/{quoteId}/accept")
    @PreAuthorize(ApiAccess.TRADE)
    @Operation(summary = "Buy the quote's best candidate still fillable within its quoted total as an all-or-none "
            + "block, else the next; 409 quote-unavailable with nothing bought, 410 after expiresAt. The same "
            + "clientOrderId again answers 200 with the same block")
    ResponseEntity<BlockOrder> accept(CpxPrincipal caller, @PathVariable String quoteId,
                                      @Valid @RequestBody AcceptRequest request) {
        var accepted = quotes.accept(caller.organization(), quoteId, request.clientOrderId().strip());
        return ResponseEntity.status(accepted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(BlockOrder.of(accepted.block(), Side.BUY, accepted.candidate().gpus()));
    }

    static JobShape shape(QuoteRequest request) {
        return new JobShape(request.gpus(), decimal("scu", request.scu()), request.durationHours(),
                instant("earliestStart", request.earliestStart()), instant("latestStart", request.latestStart()),
                strip(request.computeClasses()), decimal("minScuPerGpu", request.minScuPerGpu()), request.minMemoryGb(),
                strip(request.regions()), request.maxPricePerGpuHour() == null || request.maxPricePerGpuHour().isBlank()
                        ? null : Prices.parse(request.maxPricePerGpuHour(), "maxPricePerGpuHour"));
    }

    private static BigDecimal decimal(String field, String text) {
        if (text == null) {
            return null;
        }
        if (!DECIMAL.matcher(text.strip()).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be a decimal string such as \"10.5\" "
                    + "(at most 2 decimals)", List.of(new FieldError(field, "a decimal such as 10.5")));
        }
        return new BigDecimal(text.strip());
    }

    private static List<String> strip(List<String> codes) {
        return codes == null ? List.of() : codes.stream().filter(c -> c != null && !c.isBlank()).map(String::strip)
                .toList();
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be a whole UTC hour such as "
                    + "2026-12-08T00:00:00Z", List.of(new FieldError(field, "a whole UTC hour")));
        }
    }
}
