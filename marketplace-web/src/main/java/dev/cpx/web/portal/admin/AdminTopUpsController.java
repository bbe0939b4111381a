package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.payments.PaymentService;
import dev.cpx.web.security.CpxPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Bank transfers awaiting confirmation, for the platform's finance and administrators: each top-up a buyer asked for
 * without Stripe waits here until its money shows in the bank statement, then is confirmed with what arrived and the
 * bank's reference, crediting the wallet once. The confirmation and its audit record commit together.
 */
@Controller
@PreAuthorize(AdminTopUpsController.ACCESS)
class AdminTopUpsController {

    static final String ACCESS = "hasAuthority('ORG_PLATFORM') and hasAnyRole('PLATFORM_ADMIN', 'FINANCE')";
    static final int MAX_ROWS = 200;

    private final PaymentService payments;
    private final IdentityAdministration administration;
    private final TransactionTemplate transactions;

    AdminTopUpsController(PaymentService payments, IdentityAdministration administration,
                          PlatformTransactionManager transactionManager) {
        this.payments = payments;
        this.administration = administration;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @GetMapping("/admin/top-ups")
    String page(CpxPrincipal caller, Model model) {
        model.addAttribute("activeNav", caller.isPlatformAdmin() ? "admin" : "finance");
        model.addAttribute("topUps", payments.awaitingTransfer(MAX_ROWS));
        model.addAttribute("maxRows", MAX_ROWS);
        return "admin/top-ups";
    }

    @PostMapping("/admin/top-ups/{topUpId}/confirm")
    String confirm(CpxPrincipal caller, @PathVariable long topUpId,
                   @RequestParam(name = "amountReceived", required = false) String amountReceived,
                   @RequestParam(name = "bankReference", required = false) String bankReference,
                   RedirectAttributes redirect) {
        try {
            long receivedMinor = parseAmount(amountReceived);
            var administrator = caller.administrator();
            var confirmed = transactions.execute(tx -> {
                var topUp = payments.confirmTransfer(topUpId, receivedMinor, bankReference, administrator.email());
                administration.record(administrator, "TOP_UP_CONFIRMED", "top-up " + topUpId + " of "
                        + topUp.organization(), Money.format(receivedMinor) + " " + topUp.currency()
                        + " received, bank reference " + topUp.receivedReference());
                return topUp;
            });
            redirect.addFlashAttribute("notice", "Top-up " + topUpId + " of " + confirmed.organization()
                    + " confirmed: " + Money.format(receivedMinor) + " " + confirmed.currency() + " credited to its wallet.");
        } catch (CpxException refused) {
            if (refused.errorCode() == ErrorCode.NOT_FOUND) {
                throw refused;
            }
            redirect.addFlashAttribute("failure", "Top-up " + topUpId + " not confirmed: " + refused.detail() + ".");
        }
        return "redirect:/admin/top-ups";
    }

    private static long parseAmount(String text) {
        if (text == null || text.isBlank()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "enter the amount that arrived, such as 999.50");
        }
        try {
            return Money.parseMinor(text.strip().replace(",", ""));
        } catch (Money.InvalidAmountException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "the amount received " + e.getMessage());
        }
    }
}
