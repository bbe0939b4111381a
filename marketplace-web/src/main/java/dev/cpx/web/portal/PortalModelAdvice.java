package dev.cpx.web.portal;

import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.Principals;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout needs on every portal page: who is signed in, what they may open and whether this is a demo. */
@ControllerAdvice(basePackages = "dev.cpx.web.portal")
class PortalModelAdvice {

    private final CpxProperties properties;

    PortalModelAdvice(CpxProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        return Principals.of(SecurityContextHolder.getContext().getAuthentication()).map(CurrentUser::of).orElse(null);
    }

    @ModelAttribute("menu")
    PortalMenu menu() {
        return Principals.of(SecurityContextHolder.getContext().getAuthentication()).map(PortalMenu::of).orElse(null);
    }

    @ModelAttribute("demoMode")
    boolean demoMode() {
        return properties.demo().enabled();
    }
}
