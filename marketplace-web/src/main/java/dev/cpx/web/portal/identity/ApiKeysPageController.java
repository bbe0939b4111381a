package dev.cpx.web.portal.identity;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.security.CpxPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An organization's API keys: create (the secret is shown once), list, revoke. */
@Controller
@PreAuthorize("hasAnyRole('ORG_ADMIN', 'PLATFORM_ADMIN')")
class ApiKeysPageController {

    private final ApiKeyService apiKeys;

    ApiKeysPageController(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** The create form as posted. */
    static final class KeyForm {
        @NotBlank(message = "give the key a name, such as the system that will use it")
        @Size(max = 80, message = "at most 80 characters")
        private String name;
        @NotEmpty(message = "choose at least one permission")
        private Set<ApiKeyPermission> permissions = EnumSet.of(ApiKeyPermission.READ);

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Set<ApiKeyPermission> getPermissions() {
            return permissions;
        }

        public void setPermissions(Set<ApiKeyPermission> permissions) {
            this.permissions = permissions;
        }
    }

    @GetMapping("/settings/api-keys")
    String list(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new KeyForm());
        }
        return page(caller, model);
    }

    @PostMapping("/settings/api-keys")
    String create(CpxPrincipal caller, @Valid @ModelAttribute("form") KeyForm form, BindingResult errors, Model model,
                  RedirectAttributes redirect) {
        if (form.getPermissions() != null && !allowedPermissions(caller).containsAll(form.getPermissions())) {
            errors.rejectValue("permissions", "admin", "admin is for keys of the platform organization only");
        }
        if (errors.hasErrors()) {
            return page(caller, model);
        }
        try {
            var issued = apiKeys.issue(caller.organizationId(), form.getName().strip(), form.getPermissions(),
                    caller.userId());
            redirect.addFlashAttribute("issuedName", issued.key().name());
            redirect.addFlashAttribute("issuedSecret", issued.secret());
            return "redirect:/settings/api-keys";
        } catch (CpxException e) {
            errors.reject(e.errorCode().code(), e.detail());
            return page(caller, model);
        }
    }

    @PostMapping("/settings/api-keys/{keyId}/revoke")
    String revoke(CpxPrincipal caller, @PathVariable long keyId, RedirectAttributes redirect) {
        var key = apiKeys.revoke(caller.organizationId(), keyId);
        redirect.addFlashAttribute("revoked", key.name());
        return "redirect:/settings/api-keys";
    }

    private static List<ApiKeyPermission> allowedPermissions(CpxPrincipal caller) {
        return EnumSet.allOf(ApiKeyPermission.class).stream()
                .filter(p -> p != ApiKeyPermission.ADMIN || caller.organization().platform())
                .toList();
    }

    private String page(CpxPrincipal caller, Model model) {
        model.addAttribute("activeNav", "keys");
        model.addAttribute("keys", apiKeys.list(caller.organizationId()));
        model.addAttribute("permissions", allowedPermissions(caller));
        model.addAttribute("maxKeys", ApiKeyService.MAX_KEYS_PER_ORGANIZATION);
        return "settings/api-keys";
    }
}
