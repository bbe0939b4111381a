package dev.cpx.web.portal.admin;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.core.market.MarketHalt;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.security.CpxPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Trading halts in the admin console: the halts in force, halting an instrument or a compute class for a reason, and
 * resuming. The market refuses new orders and amends where trading is halted; cancels go on.
 */
@Controller
@PreAuthorize("hasAuthority('ORG_PLATFORM') and hasRole('PLATFORM_ADMIN')")
class AdminMarketController {

    private final MarketService market;
    private final CatalogService catalog;
    private final IdentityAdministration administration;

    AdminMarketController(MarketService market, CatalogService catalog, IdentityAdministration administration) {
        this.market = market;
        this.catalog = catalog;
        this.administration = administration;
    }

    @GetMapping("/admin/market")
    String page(Model model) {
        model.addAttribute("activeNav", "admin");
        model.addAttribute("halts", market.halts().halts());
        model.addAttribute("computeClasses", catalog.computeClasses());
        model.addAttribute("maxReason", MarketService.MAX_HALT_REASON_LENGTH);
        return "admin/market";
    }

    @PostMapping("/admin/market/halts")
    String halt(CpxPrincipal caller, @RequestParam(name = "scope", required = false) String scope,
                @RequestParam(name = "instrument", required = false) String instrument,
                @RequestParam(name = "computeClass", required = false) String computeClass,
                @RequestParam(name = "reason", required = false) String reason, RedirectAttributes redirect) {
        boolean wholeClass = "class".equals(scope);
        try {
            var administrator = caller.administrator();
            MarketHalt halt = market.halt(wholeClass ? null : instrument, wholeClass ? computeClass : null, reason,
                    administrator.email());
            administration.record(administrator, "MARKET_HALTED", halt.target(), halt.reason());
            redirect.addFlashAttribute("notice", "Trading in " + halt.target() + " is halted: new orders and amends "
                    + "are refused until you resume it; cancels still work.");
        } catch (CpxException refused) {
            redirect.addFlashAttribute("failure", "Not halted: " + refused.detail() + ".");
            redirect.addFlashAttribute("scope", wholeClass ? "class" : "instrument");
            redirect.addFlashAttribute("instrumentValue", instrument);
            redirect.addFlashAttribute("computeClassValue", computeClass);
            redirect.addFlashAttribute("reasonValue", reason);
        }
        return "redirect:/admin/market";
    }

    @PostMapping("/admin/market/halts/resume")
    String resume(CpxPrincipal caller, @RequestParam(name = "instrument", required = false) String instrument,
                  @RequestParam(name = "computeClass", required = false) String computeClass,
                  RedirectAttributes redirect) {
        boolean isInstrument = instrument != null && !instrument.isBlank();
        String target = isInstrument ? instrument.strip() : "compute class " + computeClass;
        try {
            market.resume(isInstrument ? instrument : null, isInstrument ? null : computeClass);
            administration.record(caller.administrator(), "MARKET_RESUMED", target, "trading resumed");
            redirect.addFlashAttribute("notice", "Trading in " + target + " resumed.");
        } catch (CpxException refused) {
            if (refused.errorCode() != ErrorCode.NOT_FOUND && refused.errorCode() != ErrorCode.VALIDATION_FAILED) {
                throw refused;
            }
            redirect.addFlashAttribute("failure", "Not resumed: " + refused.detail() + ".");
        }
        return "redirect:/admin/market";
    }
}
