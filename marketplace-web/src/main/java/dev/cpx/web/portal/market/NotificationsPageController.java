package dev.cpx.web.portal.market;

import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Fill notifications: the page listing the organization's recent fills, and the small JSON read behind the portal's
 * fill toasts. Which fills a browser has already shown is kept by that browser, so no instance holds any state.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class NotificationsPageController {

    static final int PAGE_FILLS = 100;
    /** Toasts one check shows at most; more than that is summed up in one toast pointing at the page. */
    static final int TOAST_FILLS = 5;

    private final OrganizationFills fills;
    private final CpxProperties properties;

    NotificationsPageController(OrganizationFills fills, CpxProperties properties) {
        this.fills = fills;
        this.properties = properties;
    }

    /** What a browser needs to toast new fills: the newest fill id, and the fills after the one it saw last. */
    record FillsUpdate(long latest, List<FillToast> fills, int more) {
    }

    /** A fill as a toast says it. */
    record FillToast(long tradeId, String instrument, String side, long quantity, String price, String fee,
                     boolean feeAtSettlement, long orderId, String executedAt) {

        static FillToast of(OrganizationFills.Fill fill) {
            return new FillToast(fill.tradeId(), fill.instrument(), fill.side(), fill.quantity(), fill.price(),
                    fill.fee(), fill.feeAtSettlement(), fill.orderId(), fill.executedAt().toString());
        }
    }

    @GetMapping("/notifications")
    String page(CpxPrincipal caller, Model model) {
        model.addAttribute("activeNav", "notifications");
        model.addAttribute("fills", fills.after(caller.organizationId(), 0, PAGE_FILLS, providerFeeBasisPoints()));
        model.addAttribute("limit", PAGE_FILLS);
        model.addAttribute("providerFeePercent", providerFeeBasisPoints() / 100.0);
        return "market/notifications";
    }

    /** Without {@code after} (a browser's first visit) only the newest id: nothing old is toasted. */
    @GetMapping(value = "/notifications/fills", produces = "application/json")
    @ResponseBody
    FillsUpdate fills(CpxPrincipal caller, @RequestParam(required = false) Long after) {
        var newest = fills.after(caller.organizationId(), 0, 1, providerFeeBasisPoints());
        long latest = newest.isEmpty() ? 0 : newest.getFirst().tradeId();
        if (after == null || after >= latest) {
            return new FillsUpdate(latest, List.of(), 0);
        }
        var fresh = fills.after(caller.organizationId(), Math.max(0, after), TOAST_FILLS + 1,
                providerFeeBasisPoints());
        return new FillsUpdate(latest, fresh.stream().limit(TOAST_FILLS).map(FillToast::of).toList(),
                fresh.size() > TOAST_FILLS ? 1 : 0);
    }

    private int providerFeeBasisPoints() {
        return properties.settlement().providerFeeBasisPoints();
    }
}
