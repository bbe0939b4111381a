package dev.cpx.web.portal.identity;

import dev.cpx.core.identity.BillingProfile;
import dev.cpx.core.identity.BillingProfileService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.security.CpxPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The organization's billing profile: everyone of it reads it, its finance and administrators change it. */
@Controller
class BillingProfilePageController {

    private final BillingProfileService profiles;

    BillingProfilePageController(BillingProfileService profiles) {
        this.profiles = profiles;
    }

    /** The form as posted. */
    static final class ProfileForm {
        private String legalName = "";
        private String taxId = "";
        private String address = "";
        private String poReference = "";

        static ProfileForm of(BillingProfile profile) {
            var form = new ProfileForm();
            form.legalName = profile.legalName();
            form.taxId = profile.taxId();
            form.address = profile.address();
            form.poReference = profile.poReference() == null ? "" : profile.poReference();
            return form;
        }

        public String getLegalName() {
            return legalName;
        }

        public void setLegalName(String legalName) {
            this.legalName = legalName;
        }

        public String getTaxId() {
            return taxId;
        }

        public void setTaxId(String taxId) {
            this.taxId = taxId;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public String getPoReference() {
            return poReference;
        }

        public void setPoReference(String poReference) {
            this.poReference = poReference;
        }
    }

    @GetMapping("/settings/billing")
    @PreAuthorize("isAuthenticated()")
    String page(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", profiles.profile(caller.organizationId()).map(ProfileForm::of)
                    .orElseGet(ProfileForm::new));
        }
        return view(caller, model);
    }

    @PostMapping("/settings/billing")
    @PreAuthorize("hasAnyRole('FINANCE', 'ORG_ADMIN')")
    String save(CpxPrincipal caller, @ModelAttribute("form") ProfileForm form, BindingResult errors, Model model,
                RedirectAttributes redirect) {
        try {
            profiles.save(caller.organizationId(), new BillingProfileService.Changes(form.getLegalName(),
                    form.getTaxId(), form.getAddress(), form.getPoReference()), caller.email());
        } catch (CpxException e) {
            e.errors().forEach(error -> errors.rejectValue(error.field(), "invalid", error.message()));
            if (e.errors().isEmpty()) {
                errors.reject(e.errorCode().code(), e.detail());
            }
            return view(caller, model);
        }
        redirect.addFlashAttribute("saved", true);
        return "redirect:/settings/billing";
    }

    private String view(CpxPrincipal caller, Model model) {
        model.addAttribute("activeNav", "account");
        model.addAttribute("profile", profiles.profile(caller.organizationId()).orElse(null));
        model.addAttribute("mayEdit", caller.isFinance() || caller.isOrgAdmin());
        return "settings/billing";
    }
}
