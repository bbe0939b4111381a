package dev.cpx.web.portal.market;

import dev.cpx.core.ledger.AccountBalances;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.CpxPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The organization's wallet: available, held for open bids, escrow and credit limit. */
@Controller
class AccountPageController {

    private final LedgerService ledger;
    private final CpxProperties properties;

    AccountPageController(LedgerService ledger, CpxProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    @GetMapping("/account")
    @PreAuthorize("isAuthenticated()")
    String account(CpxPrincipal caller, Model model) {
        AccountBalances balances = ledger.balances(caller.organizationId());
        long creditLimit = caller.organization().creditLimitMinor();
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
        return "market/account";
    }
}
