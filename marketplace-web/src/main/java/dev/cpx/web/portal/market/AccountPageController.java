package dev.cpx.web.portal.market;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.ledger.AccountBalances;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.Spending;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.portal.FormAmounts;
import dev.cpx.web.security.CpxPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The organization's wallet (available, held for open bids, escrow, credit limit) and a buyer's spend limits. */
@Controller
class AccountPageController {

    private static final String NOT_AN_AMOUNT = "enter an amount such as 2500.00, or leave it empty for no limit";

    private final LedgerService ledger;
    private final MarketService market;
    private final CpxProperties properties;
    private final IdentityService identity;

    AccountPageController(LedgerService ledger, MarketService market, CpxProperties properties,
                          IdentityService identity) {
        this.ledger = ledger;
        this.market = market;
        this.properties = properties;
        this.identity = identity;
    }

    /** The spend limits form as posted: decimal amounts, blank for no limit. */
    static final class SpendLimitsForm {
        private String perOrder = "";
        private String perDay = "";

        public String getPerOrder() {
            return perOrder;
        }

        public void setPerOrder(String perOrder) {
            this.perOrder = perOrder;
        }

        public String getPerDay() {
            return perDay;
        }

        public void setPerDay(String perDay) {
            this.perDay = perDay;
        }

        static SpendLimitsForm of(Spending spending) {
            var form = new SpendLimitsForm();
            form.perOrder = spending.perOrderLimitMinor() == null ? "" : Money.format(spending.perOrderLimitMinor());
            form.perDay = spending.perDayLimitMinor() == null ? "" : Money.format(spending.perDayLimitMinor());
            return form;
        }
    }

    @GetMapping("/account")
    @PreAuthorize("isAuthenticated()")
    String account(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("limits")) {
            model.addAttribute("limits", SpendLimitsForm.of(market.spending(caller.organization())));
        }
        return page(caller, model);
    }

    @PostMapping("/account/spend-limits")
    @PreAuthorize("hasAuthority('ORG_BUYER') and hasAnyRole('TRADER', 'FINANCE', 'ORG_ADMIN')")
    String setSpendLimits(CpxPrincipal caller, @ModelAttribute("limits") SpendLimitsForm form, BindingResult errors,
                          Model model, RedirectAttributes redirect) {
        Long perOrder = FormAmounts.optionalMinor(form.getPerOrder(), "perOrder", errors, NOT_AN_AMOUNT);
        Long perDay = FormAmounts.optionalMinor(form.getPerDay(), "perDay", errors, NOT_AN_AMOUNT);
        if (errors.hasErrors()) {
            return page(caller, model);
        }
        try {
            market.setSpendLimits(caller.organization(), perOrder, perDay);
        } catch (CpxException e) {
            errors.reject(e.errorCode().code(), e.detail());
            return page(caller, model);
        }
        redirect.addFlashAttribute("limitsSaved", true);
        return "redirect:/account";
    }

    private String page(CpxPrincipal caller, Model model) {
        AccountBalances balances = ledger.balances(caller.organizationId());
        // Read afresh: an administrator may have changed it since this session began.
        long creditLimit = identity.organization(caller.organizationId()).creditLimitMinor();
        Spending spending = market.spending(caller.organization());
        model.addAttribute("activeNav", "account");
        model.addAttribute("currency", properties.currency());
        model.addAttribute("available", Amounts.grouped(balances.availableMinor()));
        model.addAttribute("availableNegative", balances.availableMinor() < 0);
        model.addAttribute("held", Amounts.grouped(balances.heldMinor()));
        model.addAttribute("escrow", Amounts.grouped(balances.escrowMinor()));
        model.addAttribute("creditLimit", Amounts.grouped(creditLimit));
        model.addAttribute("buyingPower", Amounts.grouped(balances.availableMinor() + creditLimit));
        model.addAttribute("feePercent", properties.market().buyerFeeBasisPoints() / 100.0);
        model.addAttribute("organization", caller.organization());
        model.addAttribute("buyer", caller.organization().buyer());
        model.addAttribute("mayLimit", caller.organization().buyer()
                && (caller.isTrader() || caller.isFinance() || caller.isOrgAdmin()));
        model.addAttribute("spentToday", Amounts.grouped(spending.spentTodayMinor()));
        model.addAttribute("perOrderLimit", spending.perOrderLimitMinor() == null ? "none"
                : Amounts.grouped(spending.perOrderLimitMinor()));
        model.addAttribute("perDayLimit", spending.perDayLimitMinor() == null ? "none"
                : Amounts.grouped(spending.perDayLimitMinor()));
        return "market/account";
    }
}
