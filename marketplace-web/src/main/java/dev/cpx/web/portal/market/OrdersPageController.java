package dev.cpx.web.portal.market;

import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.OrderView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The organization's orders, open or all, with cancel and amend. */
@Controller
class OrdersPageController {

    static final int PAGE_LIMIT = 200;

    private final MarketQueries queries;
    private final MarketService market;
    private final OrganizationFills fills;
    private final CpxProperties properties;

    OrdersPageController(MarketQueries queries, MarketService market, OrganizationFills fills,
                         CpxProperties properties) {
        this.queries = queries;
        this.market = market;
        this.fills = fills;
        this.properties = properties;
    }

    /** An order as the table shows it. */
    record OrderRow(OrderView order, String price, String averagePrice, boolean open,
                    List<OrganizationFills.Fill> fills) {

        static OrderRow of(OrderView order, List<OrganizationFills.Fill> fills) {
            return new OrderRow(order, order.priceTicks() == null ? null : Money.format(order.priceTicks()),
                    Money.formatAverage(order.filledValueTicks(), order.filledQuantity()),
                    switch (order.status()) {
                        case NEW, PARTIALLY_FILLED -> true;
                        default -> false;
                    }, fills);
        }

        /** The fees of all its fills. */
        public String fees() {
            return Amounts.grouped(fills.stream().mapToLong(OrganizationFills.Fill::feeMinor).sum());
        }

        public boolean feesAtSettlement() {
            return fills.stream().anyMatch(OrganizationFills.Fill::feeAtSettlement);
        }
    }

    /** What went wrong with an amend, shown beside that order's form after the redirect. */
    record AmendError(long orderId, String message, String price, String quantity) {
    }

    @GetMapping("/orders")
    @PreAuthorize("isAuthenticated()")
    String orders(CpxPrincipal caller, @RequestParam(defaultValue = "open") String status, Model model) {
        boolean openOnly = !"all".equalsIgnoreCase(status);
        List<OrderView> orders = queries.orders(caller.organizationId(), openOnly, null, PAGE_LIMIT);
        var fillsByOrder = fills.ofOrders(caller.organizationId(),
                orders.stream().filter(o -> o.filledQuantity() > 0).map(OrderView::orderId).toList(),
                properties.settlement().providerFeeBasisPoints());
        List<OrderRow> rows = orders.stream()
                .map(o -> OrderRow.of(o, fillsByOrder.getOrDefault(o.orderId(), List.of()))).toList();
        model.addAttribute("activeNav", "orders");
        model.addAttribute("openOnly", openOnly);
        model.addAttribute("rows", rows);
        model.addAttribute("limit", PAGE_LIMIT);
        model.addAttribute("providerFeePercent", properties.settlement().providerFeeBasisPoints() / 100.0);
        model.addAttribute("mayTrade", caller.isTrader() || caller.isProviderOps());
        return "market/orders";
    }

    @PostMapping("/orders/{orderId}/cancel")
    @PreAuthorize("hasAnyRole('TRADER', 'PROVIDER_OPS')")
    String cancel(CpxPrincipal caller, @PathVariable long orderId, RedirectAttributes redirect) {
        try {
            OrderView order = market.cancel(caller.organization(), orderId);
            redirect.addFlashAttribute("notice", new OrderMessages.Message("success", "Order " + orderId
                    + " cancelled" + (order.filledQuantity() > 0 ? "; " + order.filledQuantity()
                    + " GPUs had filled and stay bought." : ".")));
        } catch (CpxException e) {
            redirect.addFlashAttribute("notice", new OrderMessages.Message("error", "Order " + orderId
                    + " was not cancelled: " + e.detail()));
        }
        return "redirect:/orders";
    }

    @PostMapping("/orders/{orderId}/amend")
    @PreAuthorize("hasAnyRole('TRADER', 'PROVIDER_OPS')")
    String amend(CpxPrincipal caller, @PathVariable long orderId, @RequestParam(required = false) String price,
                 @RequestParam(required = false) String quantity, RedirectAttributes redirect) {
        try {
            Long priceTicks = blank(price) ? null : Money.parseMinor(price);
            Long remaining = blank(quantity) ? null : parseQuantity(quantity);
            OrderView order = market.amend(caller.organization(), orderId, priceTicks, remaining);
            redirect.addFlashAttribute("notice", new OrderMessages.Message("success", "Order " + orderId
                    + " amended: " + order.status().name().replace('_', ' ') + ", " + order.remainingQuantity()
                    + " open" + (order.priceTicks() == null ? "" : " at " + Money.format(order.priceTicks())) + "."));
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("amendError", new AmendError(orderId, e.getMessage(), price, quantity));
        } catch (CpxException e) {
            redirect.addFlashAttribute("amendError", new AmendError(orderId, e.detail(), price, quantity));
        }
        return "redirect:/orders";
    }

    /** ASCII digits only, as in the API: Long.parseLong alone would also read other scripts' digits. */
    private static long parseQuantity(String quantity) {
        String digits = quantity.strip();
        if (!digits.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("quantity must be a whole number of GPUs");
        }
        return Long.parseLong(digits);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
