package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.demo.DemoDelivery;
import dev.cpx.web.security.CpxPrincipal;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The platform administrator's console: every organization with its people and keys, every user, every API key,
 * revocation of any key for a stated reason, and the audit trail of what administrators did.
 */
@Controller
@PreAuthorize("hasAuthority('ORG_PLATFORM') and hasRole('PLATFORM_ADMIN')")
class AdminConsoleController {

    private final IdentityAdministration administration;
    private final Clock clock;
    /** Present in demo mode only. */
    private final ObjectProvider<DemoDelivery> delivery;

    AdminConsoleController(IdentityAdministration administration, Clock clock, ObjectProvider<DemoDelivery> delivery) {
        this.administration = administration;
        this.clock = clock;
        this.delivery = delivery;
    }

    @GetMapping("/admin")
    String console(Model model) {
        model.addAttribute("activeNav", "admin");
        model.addAttribute("organizations", administration.organizations());
        model.addAttribute("users", administration.users());
        model.addAttribute("keys", administration.apiKeys());
        model.addAttribute("audit", administration.audit());
        model.addAttribute("maxRows", IdentityAdministration.MAX_ROWS);
        model.addAttribute("marketNow", clock.instant());
        model.addAttribute("clockSteps", DemoToolsController.STEPS);
        model.addAttribute("readyContracts", delivery.stream().flatMap(d -> d.ready().stream()).toList());
        return "admin/console";
    }

    @PostMapping("/admin/api-keys/{keyId}/revoke")
    String revokeKey(CpxPrincipal caller, @PathVariable long keyId,
                     @RequestParam(name = "reason", required = false) String reason, RedirectAttributes redirect) {
        try {
            var key = administration.revokeKey(caller.administrator(), keyId, reason);
            redirect.addFlashAttribute("notice", "Key " + key.name() + " (" + key.displayPrefix()
                    + "…) revoked; the audit trail records why.");
        } catch (CpxException refused) {
            if (refused.errorCode() == ErrorCode.NOT_FOUND) {
                throw refused;
            }
            redirect.addFlashAttribute("failure", "Key " + keyId + " not revoked: " + refused.detail());
        }
        return "redirect:/admin#keys";
    }
}
