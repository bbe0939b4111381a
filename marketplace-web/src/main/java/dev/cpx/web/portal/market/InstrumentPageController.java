package dev.cpx.web.portal.market;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.market.TradeView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.CpxPrincipal;
import dev.cpx.web.security.Principals;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** One instrument: quotes, depth, trades, price chart, the order ticket and the live feed. */
@Controller
class InstrumentPageController {

    static final int TRADES_SHOWN = 30;
    static final int OFFERS_SHOWN = 50;
    static final int OWN_ORDERS_SHOWN = 20;
    private static final Set<String> TICKET_FIELDS = Set.of("side", "type", "timeInForce", "price", "quantity");

    private final InstrumentService instruments;
    private final CatalogService catalog;
    private final MarketService market;
    private final MarketQueries queries;
    private final MarketFeed feed;
    private final CpxProperties properties;
    private final JsonMapper json;
    private final MeteringService metering;

    /** An open ask with its provider's measured reliability (delivered share of contracted GPU-time, 30 days). */
    public record OfferRow(String provider, String price, long quantity, String reliability) {
    }

    InstrumentPageController(InstrumentService instruments, CatalogService catalog, MarketService market,
                             MarketQueries queries, MarketFeed feed, CpxProperties properties, JsonMapper json,
                             MeteringService metering) {
        this.metering = metering;
        this.instruments = instruments;
        this.catalog = catalog;
        this.market = market;
        this.queries = queries;
        this.feed = feed;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/market/{symbol}")
    @PermitAll
    String instrument(@PathVariable String symbol, Model model) {
        InstrumentView instrument = instrument(symbol);
        Optional<CpxPrincipal> caller = Principals.of(SecurityContextHolder.getContext().getAuthentication());
        if (!model.containsAttribute("ticket")) {
            BookView book = market.book(symbol);
            boolean buyer = caller.map(c -> c.organization().buyer()).orElse(true);
            Long suggested = buyer ? Optional.ofNullable(book.bestAskTicks()).orElse(book.lastPriceTicks())
                    : Optional.ofNullable(book.bestBidTicks()).orElse(book.lastPriceTicks());
            model.addAttribute("ticket", OrderTicket.fresh(buyer ? "BUY" : "SELL", MarketUpdate.price(suggested)));
        }
        return page(instrument, caller, model);
    }

    @GetMapping(value = "/market/{symbol}/stream", produces = "text/event-stream")
    @PermitAll
    SseEmitter stream(@PathVariable String symbol, jakarta.servlet.http.HttpServletRequest request) {
        InstrumentView instrument = instrument(symbol);
        return feed.subscribe(symbol, request.getRemoteAddr(), feed.snapshot(instrument.id(), market.book(symbol)));
    }

    @PostMapping("/market/{symbol}/orders")
    @PreAuthorize("hasAnyRole('TRADER', 'PROVIDER_OPS')")
    String place(@PathVariable String symbol, CpxPrincipal caller,
                 @Valid @ModelAttribute("ticket") OrderTicket ticket, BindingResult errors, Model model,
                 RedirectAttributes redirect) {
        InstrumentView instrument = instrument(symbol);
        Long priceTicks = price(ticket, errors);
        if (!errors.hasErrors()) {
            try {
                var result = market.place(new PlaceOrder(caller.organization(), ticket.getClientOrderId(), symbol,
                        Side.valueOf(ticket.getSide()), OrderType.valueOf(ticket.getType()),
                        TimeInForce.valueOf(ticket.getTimeInForce()), priceTicks, ticket.getQuantity()));
                redirect.addFlashAttribute("placed", OrderMessages.placed(result.order(), result.created()));
                return "redirect:/market/" + symbol;
            } catch (CpxException e) {
                reject(errors, e);
            }
        }
        return page(instrument, Optional.of(caller), model);
    }

    private static Long price(OrderTicket ticket, BindingResult errors) {
        if (!ticket.limit()) {
            return null;
        }
        if (ticket.getPrice() == null || ticket.getPrice().isBlank()) {
            errors.rejectValue("price", "price.required", "enter a limit price per GPU-hour");
            return null;
        }
        try {
            return Money.parseMinor(ticket.getPrice());
        } catch (IllegalArgumentException e) {
            errors.rejectValue("price", "price.invalid", e.getMessage());
            return null;
        }
    }

    static void reject(BindingResult errors, CpxException e) {
        String field = e.errors().isEmpty() ? null : e.errors().getFirst().field();
        if (field != null && TICKET_FIELDS.contains(field)) {
            errors.rejectValue(field, e.errorCode().code(), e.detail());
        } else if (e.errorCode().code().equals("invalid-price")) {
            errors.rejectValue("price", e.errorCode().code(), e.detail());
        } else if (e.errorCode().code().equals("invalid-quantity")) {
            errors.rejectValue("quantity", e.errorCode().code(), e.detail());
        } else {
            errors.reject(e.errorCode().code(), e.errorCode().title() + ": " + e.detail());
        }
    }

    private InstrumentView instrument(String symbol) {
        return instruments.bySymbol(symbol).orElseThrow(() -> CpxException.notFound("instrument", symbol));
    }

    private String page(InstrumentView instrument, Optional<CpxPrincipal> caller, Model model) {
        BookView book = market.book(instrument.symbol());
        List<TradeView> trades = queries.trades(instrument.id(), PriceChart.MAX_TRADES);
        Optional<ComputeClassView> computeClass = catalog.computeClass(instrument.computeClass());
        boolean open = instrument.status() == InstrumentStatus.OPEN;
        boolean mayTrade = caller.map(c -> c.isTrader() || c.isProviderOps()).orElse(false);

        model.addAttribute("activeNav", "market");
        model.addAttribute("instrument", instrument);
        model.addAttribute("halt", open ? market.halts().halts().stream()
                .filter(h -> instrument.symbol().equals(h.instrument()) || (h.instrument() == null
                        && instrument.computeClass().equals(h.computeClass())))
                .findFirst().orElse(null) : null);
        model.addAttribute("computeClass", computeClass.orElse(null));
        model.addAttribute("book", book);
        model.addAttribute("depth", DepthRow.of(book));
        model.addAttribute("trades", trades.stream().limit(TRADES_SHOWN).toList());
        model.addAttribute("offers", offers(instrument));
        model.addAttribute("chart", PriceChart.of(trades));
        model.addAttribute("marketJson", marketJson(book, trades));
        model.addAttribute("bestAskPerScuHour", perScuHour(book.bestAskTicks(), computeClass));
        model.addAttribute("open", open);
        model.addAttribute("signedIn", caller.isPresent());
        model.addAttribute("mayTrade", mayTrade);
        model.addAttribute("mayBuy", caller.map(c -> c.organization().buyer()).orElse(false) && mayTrade);
        // Providers sell registered capacity; a buyer may resell what it bought on this instrument.
        model.addAttribute("maySell", mayTrade && caller.map(c -> c.organization().provider()
                || queries.boughtOn(c.organizationId(), instrument.id()) > 0).orElse(false));
        model.addAttribute("feeBasisPoints", properties.market().buyerFeeBasisPoints());
        model.addAttribute("ownOrders", caller.filter(c -> mayTrade)
                .map(c -> queries.orders(c.organizationId(), true, instrument.symbol(), OWN_ORDERS_SHOWN))
                .orElse(List.of()));
        return "market/instrument";
    }

    private List<OfferRow> offers(InstrumentView instrument) {
        Map<String, String> reliability = new java.util.HashMap<>();
        metering.reliability().forEach(r -> reliability.put(r.provider(), r.share() == null ? null
                : r.share().movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%"));
        return queries.offers(instrument.computeClass(), instrument.region(), null, instrument.deliveryStart(),
                        instrument.deliveryStart().plusSeconds(1), OFFERS_SHOWN).stream()
                .filter(o -> o.instrument().equals(instrument.symbol()))
                .map(o -> new OfferRow(o.provider(), Money.format(o.priceTicks()), o.quantity(),
                        reliability.get(o.provider())))
                .toList();
    }

    private String marketJson(BookView book, List<TradeView> trades) {
        var series = trades.reversed().stream().map(t -> List.of(t.tradeId(), Money.format(t.priceTicks()),
                t.executedAt().toString())).toList();
        return json.writeValueAsString(Map.of("update", MarketUpdate.of(book, trades), "series", series));
    }

    private static String perScuHour(Long priceTicks, Optional<ComputeClassView> computeClass) {
        if (priceTicks == null || computeClass.isEmpty() || computeClass.get().scu().signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(priceTicks, 2).divide(computeClass.get().scu(), 4, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** One row of the depth table: the n-th bid level beside the n-th ask level; either may be absent. */
    record DepthRow(BookView.Level bid, BookView.Level ask) {

        static List<DepthRow> of(BookView book) {
            int rows = Math.max(book.bids().size(), book.asks().size());
            return java.util.stream.IntStream.range(0, rows)
                    .mapToObj(i -> new DepthRow(i < book.bids().size() ? book.bids().get(i) : null,
                            i < book.asks().size() ? book.asks().get(i) : null))
                    .toList();
        }

        public String bidPrice() {
            return bid == null ? null : Money.format(bid.priceTicks());
        }

        public String askPrice() {
            return ask == null ? null : Money.format(ask.priceTicks());
        }
    }
}
