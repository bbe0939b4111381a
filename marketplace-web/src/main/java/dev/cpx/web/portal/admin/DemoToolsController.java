package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.core.identity.IdentityAdministration.Administrator;
import dev.cpx.web.config.MarketLifecycleJob;
import dev.cpx.web.demo.DemoClock;
import dev.cpx.web.security.CpxPrincipal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin console's demo tools: moving the market clock forward from the portal (as {@code POST /api/v1/admin/clock}
 * does), audited. Exists in demo mode only.
 */
@Controller
@ConditionalOnBooleanProperty("cpx.demo.enabled")
@PreAuthorize("hasAuthority('ORG_PLATFORM') and hasRole('PLATFORM_ADMIN')")
class DemoToolsController {

    /** The steps the console offers; gate closures and expiries due by the new time run at once. */
    static final List<Duration> STEPS = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1),
            Duration.ofDays(2), Duration.ofDays(7));

    private final DemoClock clock;
    private final MarketLifecycleJob lifecycle;
    private final IdentityAdministration administration;

    DemoToolsController(DemoClock clock, MarketLifecycleJob lifecycle, IdentityAdministration administration) {
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.administration = administration;
    }

    @PostMapping("/admin/demo/clock")
    String advanceClock(CpxPrincipal caller, @RequestParam(name = "advanceBy", required = false) String advanceBy,
                        RedirectAttributes redirect) {
        var step = STEPS.stream().filter(d -> d.toString().equals(advanceBy)).findFirst();
        if (step.isEmpty()) {
            redirect.addFlashAttribute("failure", "Clock not moved: choose one of " + STEPS + ".");
            return "redirect:/admin#demo";
        }
        var now = clock.advance(step.get());
        lifecycle.run();
        administration.record(new Administrator(caller.userId(), caller.email()), "CLOCK_ADVANCED",
                "market clock to " + now, "demo: advanced by " + step.get());
        redirect.addFlashAttribute("notice", "Market clock moved by " + step.get() + " to " + now
                + "; gate closures due by then ran.");
        return "redirect:/admin#demo";
    }
}
