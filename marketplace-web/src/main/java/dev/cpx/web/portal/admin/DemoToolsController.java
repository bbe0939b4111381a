package dev.cpx.web.portal.admin;

import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.web.config.MarketLifecycleJob;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.metering.UsageReceipt;
import dev.cpx.web.demo.DemoClock;
import dev.cpx.web.demo.DemoDelivery;
import dev.cpx.web.demo.DemoLifecycle;
import dev.cpx.web.security.CpxPrincipal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin console's demo tools, each act audited: moving the market clock forward (as {@code POST
 * /api/v1/admin/clock} does) and metering a delivered contract from both sides. Exists in demo mode only.
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
    private final DemoDelivery delivery;
    private final DemoLifecycle demoLifecycle;

    DemoToolsController(DemoClock clock, MarketLifecycleJob lifecycle, IdentityAdministration administration,
                        DemoDelivery delivery, DemoLifecycle demoLifecycle) {
        this.delivery = delivery;
        this.demoLifecycle = demoLifecycle;
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
        administration.record(caller.administrator(), "CLOCK_ADVANCED",
                "market clock to " + now, "demo: advanced by " + step.get());
        redirect.addFlashAttribute("notice", "Market clock moved by " + step.get() + " to " + now
                + "; gate closures due by then ran." + (demoLifecycle.running() ? " The simulated providers meter "
                + "what they delivered, and settlement periods that ended open and close, in the background." : ""));
        return "redirect:/admin#demo";
    }

    @PostMapping("/admin/demo/contracts/{contractId}/deliver")
    String simulateDelivery(CpxPrincipal caller, @PathVariable long contractId, RedirectAttributes redirect) {
        try {
            var delivered = delivery.deliver(contractId);
            administration.record(caller.administrator(), "DELIVERY_SIMULATED",
                    "contract " + contractId + " (" + delivered.contract().instrument() + ")",
                    "demo: full delivery metered by both sides");
            redirect.addFlashAttribute("notice", "Contract " + contractId + ": full delivery sent from both meters ("
                    + receipt("provider", delivered.provider()) + "; " + receipt("buyer", delivered.buyer())
                    + "). Platform finance can now settle it.");
        } catch (CpxException refused) {
            redirect.addFlashAttribute("failure", "Delivery not simulated: " + refused.detail());
        }
        return "redirect:/admin#demo";
    }

    private static String receipt(String side, UsageReceipt receipt) {
        return side + " " + receipt.accepted() + " accepted, " + receipt.duplicates() + " already there, "
                + receipt.rejected().size() + " refused";
    }
}
