package dev.cpx.web.portal.finance;

import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.payout.PayoutAccount;
import dev.cpx.settlement.payout.PayoutService;
import dev.cpx.settlement.payout.PayoutView;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The payouts page: platform finance makes a closed period's payouts and downloads its bank file; a provider's
 * finance sees its payouts with their remittance advice and sets where payouts go.
 */
@Controller
class PayoutPageController {

    static final int LIMIT = 200;
    /** Who may set the payout account: a provider's finance (the page is the finance pages'). */
    static final String PAYOUT_ACCOUNT = "hasAuthority('ORG_PROVIDER') and hasRole('FINANCE')";
    /** The page: platform finance, and providers' finance (a buyer is never paid out). */
    static final String PAYOUTS = "hasRole('FINANCE') and hasAnyAuthority('ORG_PLATFORM', 'ORG_PROVIDER')";

    private final PayoutService payouts;
    private final SettlementRuns runs;

    PayoutPageController(PayoutService payouts, SettlementRuns runs) {
        this.payouts = payouts;
        this.runs = runs;
    }

    /** The payout account form as posted. */
    public record AccountForm(String rail, String stripeAccountId, String accountHolder, String iban, String bic) {

        static AccountForm of(PayoutAccount account) {
            return account == null ? new AccountForm("BANK_FILE", "", "", "", "")
                    : new AccountForm(account.rail().name(), account.stripeAccountId(), account.accountHolder(),
                    account.iban(), account.bic());
        }
    }

    /** A closed period with its payouts, for platform finance. */
    public record PeriodPayouts(PeriodView period, List<PayoutView> payouts) {

        /** What the period's payouts pay (not refused, not failed). */
        public long paidMinor() {
            return payouts.stream().filter(p -> p.status() == dev.cpx.settlement.payout.PayoutStatus.PENDING
                    || p.status() == dev.cpx.settlement.payout.PayoutStatus.SENT).mapToLong(PayoutView::amountMinor).sum();
        }

        public boolean bankFile() {
            return payouts.stream().anyMatch(p -> p.rail().name().equals("BANK_FILE") && p.debited());
        }
    }

    @GetMapping("/finance/payouts")
    @PreAuthorize(PAYOUTS)
    String page(CpxPrincipal caller, Model model) {
        boolean platform = caller.organization().platform();
        model.addAttribute("activeNav", "payouts");
        model.addAttribute("fig", FinanceFigures.INSTANCE);
        model.addAttribute("platform", platform);
        model.addAttribute("provider", caller.organization().provider());
        List<PayoutView> list = payouts.list(platform ? null : caller.organizationId(), null, LIMIT);
        model.addAttribute("payouts", list);
        if (platform) {
            Map<Long, List<PayoutView>> byPeriod = list.stream().collect(Collectors.groupingBy(PayoutView::periodId));
            model.addAttribute("periods", runs.periods(null, "CLOSED", 50).stream()
                    .map(p -> new PeriodPayouts(p, byPeriod.getOrDefault(p.periodId(), List.of()))).toList());
        }
        if (caller.organization().provider() && !model.containsAttribute("account")) {
            model.addAttribute("account", AccountForm.of(payouts.account(caller.organizationId()).orElse(null)));
        }
        return "finance/payouts";
    }

    @PostMapping("/finance/payouts")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String create(CpxPrincipal caller, @RequestParam(required = false) Long periodId, RedirectAttributes redirect) {
        if (periodId == null) {
            redirect.addFlashAttribute("payoutError", "Choose the closed period to pay out.");
            return "redirect:/finance/payouts";
        }
        try {
            var made = payouts.create(periodId, caller.email());
            redirect.addFlashAttribute("notice", made.created()
                    ? "Payouts of period " + periodId + " made: " + made.payouts().size() + " in its latest run."
                    : "Period " + periodId + " was paid out already; nothing new was due.");
        } catch (CpxException e) {
            redirect.addFlashAttribute("payoutError", e.detail());
        }
        return "redirect:/finance/payouts";
    }

    @PostMapping("/finance/payouts/account")
    @PreAuthorize(PAYOUT_ACCOUNT)
    String saveAccount(CpxPrincipal caller, @ModelAttribute("account") AccountForm form, Model model,
                       RedirectAttributes redirect) {
        try {
            payouts.saveAccount(caller.organization(), new PayoutService.AccountChanges(form.rail(),
                    form.stripeAccountId(), form.accountHolder(), form.iban(), form.bic()), caller.email());
        } catch (CpxException e) {
            model.addAttribute("accountError", e.detail());
            model.addAttribute("accountFields", e.errors().stream().map(CpxException.FieldError::field).toList());
            return page(caller, model);
        }
        redirect.addFlashAttribute("notice", "Payout account saved. Payouts made from now on go there.");
        return "redirect:/finance/payouts";
    }
}
