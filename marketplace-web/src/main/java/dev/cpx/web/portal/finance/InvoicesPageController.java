package dev.cpx.web.portal.finance;

import dev.cpx.settlement.invoice.InvoiceService;
import dev.cpx.settlement.invoice.InvoiceView;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Invoices and credit notes with their PDFs: those the person's organization issued or received, every one for
 * platform finance; of one settlement period or the latest of all.
 */
@Controller
class InvoicesPageController {

    static final int LIMIT = InvoiceService.MAX_LIST;

    private final InvoiceService invoices;

    InvoicesPageController(InvoiceService invoices) {
        this.invoices = invoices;
    }

    @GetMapping("/finance/invoices")
    @PreAuthorize(FinanceAccess.FINANCE)
    String invoices(CpxPrincipal caller, @RequestParam(required = false) String period, Model model) {
        Long periodId = period(period);
        boolean platform = caller.organization().platform();
        List<InvoiceView> shown = invoices.invoices(platform ? null : caller.organizationCode(), periodId, LIMIT);
        model.addAttribute("activeNav", "invoices");
        model.addAttribute("fig", FinanceFigures.INSTANCE);
        model.addAttribute("platform", platform);
        model.addAttribute("invoices", shown);
        model.addAttribute("period", periodId);
        model.addAttribute("periodError", period != null && !period.isBlank() && periodId == null
                ? "A period is its number, such as 12." : null);
        model.addAttribute("limit", LIMIT);
        model.addAttribute("own", caller.organizationCode());
        return "finance/invoices";
    }

    /** The period filter: its number, or none when blank or unreadable (the page then says so). */
    private static Long period(String value) {
        if (value == null || value.isBlank() || !value.strip().matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(value.strip());
    }
}
