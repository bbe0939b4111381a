package dev.cpx.web.api.catalog;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.market.MarketHalts;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.api.catalog.CatalogResponses.ComputeClass;
import dev.cpx.web.api.catalog.CatalogResponses.Instrument;
import dev.cpx.web.api.catalog.CatalogResponses.Region;
import dev.cpx.web.api.input.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public catalog reads: the taxonomy and the instruments of the market calendar. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Catalog")
@PermitAll
class CatalogApi {

    private final CatalogService catalog;
    private final InstrumentService instruments;
    private final MarketService market;

    CatalogApi(CatalogService catalog, InstrumentService instruments, MarketService market) {
        this.catalog = catalog;
        this.instruments = instruments;
        this.market = market;
    }

    @GetMapping("/compute-classes")
    @Operation(summary = "Standard compute classes with their normalized performance unit (SCU per GPU)")
    List<ComputeClass> computeClasses() {
        return catalog.computeClasses().stream().map(ComputeClass::of).toList();
    }

    @GetMapping("/regions")
    @Operation(summary = "Regions where capacity is delivered")
    List<Region> regions() {
        return catalog.regions().stream().map(Region::of).toList();
    }

    @GetMapping("/instruments")
    @Operation(summary = "Instruments (class x region x delivery hour), ordered by delivery start; "
            + "from/to (ISO date, hour as 2026-12-01T14, or instant; UTC) bound the delivery start; limit at most 2000")
    List<Instrument> instruments(@RequestParam(required = false) String computeClass,
                                 @RequestParam(required = false) String region,
                                 @RequestParam(required = false) String status,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(defaultValue = "0") int offset,
                                 @RequestParam(defaultValue = "500") int limit) {
        var query = new InstrumentQuery(blankToNull(computeClass), blankToNull(region), parseStatus(status),
                DeliveryInstants.parse("from", from), DeliveryInstants.parse("to", to),
                Paging.within("offset", offset, 0, InstrumentQuery.MAX_OFFSET),
                Paging.within("limit", limit, 1, InstrumentQuery.MAX_LIMIT));
        var halts = market.halts();
        return instruments.search(query).stream().map(view -> withQuote(view, halts)).toList();
    }

    @GetMapping("/instruments/{symbol}")
    @Operation(summary = "One instrument")
    Instrument instrument(@PathVariable String symbol) {
        return instruments.bySymbol(symbol).map(view -> withQuote(view, market.halts()))
                .orElseThrow(() -> CpxException.notFound("instrument", symbol));
    }

    private Instrument withQuote(InstrumentView view, MarketHalts halts) {
        return Instrument.of(view, market.quote(view.id(), view.symbol()), halts);
    }

    static InstrumentStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return InstrumentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "status must be OPEN, CLOSED, DELIVERING or DELIVERED",
                    List.of(new FieldError("status", "OPEN, CLOSED, DELIVERING or DELIVERED")));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
