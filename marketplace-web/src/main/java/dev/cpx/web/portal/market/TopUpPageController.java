package dev.cpx.web.portal.market;

import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.payments.PaymentService;
import dev.cpx.settlement.payments.PaymentSettings;
import dev.cpx.settlement.payments.TopUpView;
import dev.cpx.web.portal.FormAmounts;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Topping up the wallet from the portal: without Stripe a bank transfer under a reference that platform finance
 * confirms, the same top-up as {@code POST /api/v1/wallet/top-ups}; with Stripe the page points at the API (a card
 * needs Stripe's own form, a third-party script the portal does not load). And the organization's recent top-ups.
 */
@Controller
class TopUpPageController {

    static final int RECENT_TOP_UPS = 20;
    private static final String NOT_AN_AMOUNT = "enter an amount such as 2500.00";

    private final PaymentService payments;
    private final PaymentSettings settings;

    TopUpPageController(PaymentService payments, PaymentSettings settings) {
        this.payments = payments;
        this.settings = settings;
    }

    /** The form as posted; {@code requestKey} makes a double submit one top-up (the API's Idempotency-Key). */
    static final class TopUpForm {
        private String amount = "";
        private String requestKey = UUID.randomUUID().toString();

        public String getAmount() {
            return amount;
        }

        public void setAmount(String amount) {
            this.amount = amount;
        }

        public String getRequestKey() {
            return requestKey;
        }

        public void setRequestKey(String requestKey) {
            this.requestKey = requestKey;
        }
    }

    @GetMapping("/account/top-up")
    @PreAuthorize("isAuthenticated()")
    String page(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new TopUpForm());
        }
        return render(caller, model);
    }

    @PostMapping("/account/top-ups")
    @PreAuthorize("hasAuthority('ORG_BUYER') and hasAnyRole('TRADER', 'FINANCE', 'ORG_ADMIN')")
    String topUp(CpxPrincipal caller, @ModelAttribute("form") TopUpForm form, BindingResult errors, Model model,
                 RedirectAttributes redirect) {
        if (settings.stripeEnabled()) {
            // Card payments need Stripe's own card form, which the portal does not load: the API takes them.
            errors.reject("stripe", "card top-ups are made through the API (POST /api/v1/wallet/top-ups)");
            return render(caller, model);
        }
        Long amount = FormAmounts.optionalMinor(form.getAmount(), "amount", errors, NOT_AN_AMOUNT);
        if (amount == null && !errors.hasFieldErrors("amount")) {
            errors.rejectValue("amount", "amount.required", NOT_AN_AMOUNT);
        }
        if (errors.hasErrors()) {
            return render(caller, model);
        }
        try {
            TopUpView created = payments.topUp(caller.organization(), amount, caller.email(), form.getRequestKey());
            redirect.addFlashAttribute("created", created.topUpId());
            return "redirect:/account/top-up";
        } catch (CpxException e) {
            errors.rejectValue("amount", e.errorCode().code(), e.detail());
            return render(caller, model);
        }
    }

    private String render(CpxPrincipal caller, Model model) {
        List<TopUpView> recent = payments.topUps(caller.organizationId(), RECENT_TOP_UPS);
        model.addAttribute("activeNav", "account");
        model.addAttribute("currency", settings.currency());
        model.addAttribute("stripe", settings.stripeEnabled());
        model.addAttribute("buyer", caller.organization().buyer());
        model.addAttribute("mayTopUp", caller.organization().buyer()
                && (caller.isTrader() || caller.isFinance() || caller.isOrgAdmin()));
        model.addAttribute("organization", caller.organization());
        List<TopUpRow> rows = recent.stream().map(TopUpRow::of).toList();
        model.addAttribute("recent", rows);
        // The one just made (a flash attribute after the redirect), to say what to do next.
        model.addAttribute("createdRow", model.getAttribute("created") instanceof Long id
                ? rows.stream().filter(r -> r.topUp().topUpId() == id).findFirst().orElse(null) : null);
        model.addAttribute("maxAmount", Amounts.grouped(settings.maxTopUpMinor()));
        return "market/top-up";
    }

    /** A top-up as the page lists it. */
    record TopUpRow(TopUpView topUp, String amount, String received, boolean awaitingTransfer) {

        static TopUpRow of(TopUpView view) {
            return new TopUpRow(view, Amounts.grouped(view.amountMinor()),
                    view.receivedMinor() == null ? null : Amounts.grouped(view.receivedMinor()),
                    "AWAITING_TRANSFER".equals(view.status()));
        }
    }
}
