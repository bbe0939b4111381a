package dev.cpx.web.portal.identity;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.alerts.AlertService;
import dev.cpx.settlement.alerts.AlertSettings;
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

/** Where the organization's alerts go, its thresholds, and the delivery log. */
@Controller
class AlertsPageController {

    private static final String NOT_AN_AMOUNT = "an amount such as 5000.00, or empty for none";

    private final AlertService alerts;

    AlertsPageController(AlertService alerts) {
        this.alerts = alerts;
    }

    /** The form as posted: blank removes a channel or a threshold. */
    static final class AlertsForm {
        private String email = "";
        private String webhookUrl = "";
        private String lowBalance = "";
        private String dailySpend = "";

        static AlertsForm of(AlertSettings settings) {
            var form = new AlertsForm();
            form.email = settings.email() == null ? "" : settings.email();
            form.webhookUrl = settings.webhookUrl() == null ? "" : settings.webhookUrl();
            form.lowBalance = settings.lowBalanceMinor() == null ? "" : Money.format(settings.lowBalanceMinor());
            form.dailySpend = settings.dailySpendMinor() == null ? "" : Money.format(settings.dailySpendMinor());
            return form;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        public String getLowBalance() {
            return lowBalance;
        }

        public void setLowBalance(String lowBalance) {
            this.lowBalance = lowBalance;
        }

        public String getDailySpend() {
            return dailySpend;
        }

        public void setDailySpend(String dailySpend) {
            this.dailySpend = dailySpend;
        }
    }

    @GetMapping("/settings/alerts")
    @PreAuthorize("isAuthenticated()")
    String page(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", AlertsForm.of(alerts.settings(caller.organizationId())));
        }
        return view(caller, model);
    }

    @PostMapping("/settings/alerts")
    @PreAuthorize("hasAnyRole('FINANCE', 'ORG_ADMIN')")
    String save(CpxPrincipal caller, @ModelAttribute("form") AlertsForm form, BindingResult errors, Model model,
                RedirectAttributes redirect) {
        Long lowBalance = FormAmounts.optionalMinor(form.getLowBalance(), "lowBalance", errors, NOT_AN_AMOUNT);
        Long dailySpend = FormAmounts.optionalMinor(form.getDailySpend(), "dailySpend", errors, NOT_AN_AMOUNT);
        if (!errors.hasErrors()) {
            try {
                alerts.save(caller.organizationId(), new AlertService.Changes(form.getEmail(), form.getWebhookUrl(),
                        lowBalance, dailySpend));
                redirect.addFlashAttribute("saved", true);
                return "redirect:/settings/alerts";
            } catch (CpxException e) {
                e.errors().forEach(error -> errors.rejectValue(error.field(), "invalid", error.message()));
            }
        }
        return view(caller, model);
    }

    private String view(CpxPrincipal caller, Model model) {
        boolean mayEdit = caller.isFinance() || caller.isOrgAdmin();
        model.addAttribute("activeNav", "account");
        model.addAttribute("mayEdit", mayEdit);
        model.addAttribute("secret", mayEdit ? alerts.settings(caller.organizationId()).webhookSecret() : null);
        model.addAttribute("deliveries", alerts.deliveries(caller.organizationId(), 50));
        return "settings/alerts";
    }
}
