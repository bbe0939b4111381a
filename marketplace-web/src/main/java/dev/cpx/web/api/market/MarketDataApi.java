package dev.cpx.web.api.market;

import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.api.catalog.DeliveryInstants;
import dev.cpx.web.api.market.MarketResponses.Book;
import dev.cpx.web.api.market.MarketResponses.Offer;
import dev.cpx.web.api.market.MarketResponses.Trade;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public market data: order book depth, recent trades, open offers. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Market data")
@PermitAll
class MarketDataApi {

    private final MarketService market;
    private final MarketQueries queries;

    MarketDataApi(MarketService market, MarketQueries queries) {
        this.market = market;
        this.queries = queries;
    }

    @GetMapping("/instruments/{symbol}/book")
    @Operation(summary = "Depth aggregated by price level: bids highest first, asks lowest first (20 levels a side)")
    Book book(@PathVariable String symbol) {
        return Book.of(market.book(symbol));
    }

    @GetMapping("/instruments/{symbol}/trades")
    @Operation(summary = "Recent trades, newest first; limit at most 500")
    List<Trade> trades(@PathVariable String symbol, @RequestParam(defaultValue = "50") int limit) {
        long instrumentId = queries.instrumentId(symbol).orElseThrow(() -> CpxException.notFound("instrument", symbol));
        return queries.trades(instrumentId, limit).stream().map(Trade::of).toList();
    }

    @GetMapping("/offers")
    @Operation(summary = "Open asks of instruments still open for trading, cheapest first; from/to bound the "
            + "delivery start (date or instant); pricePerScuHour = price / SCU, 4 decimals")
    List<Offer> offers(@RequestParam(required = false) String computeClass,
                       @RequestParam(required = false) String region,
                       @RequestParam(required = false) String maxPrice,
                       @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to,
                       @RequestParam(defaultValue = "200") int limit) {
        return queries.offers(blank(computeClass), blank(region),
                        maxPrice == null || maxPrice.isBlank() ? null : Prices.parse(maxPrice, "maxPrice"),
                        DeliveryInstants.parse("from", from), DeliveryInstants.parse("to", to), limit)
                .stream().map(Offer::of).toList();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
