package dev.cpx.web.portal.market;

import dev.cpx.web.security.Principals;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells the layout whether to link the capacity page: provider organizations' operations staff and admins. */
@ControllerAdvice(basePackages = "dev.cpx.web.portal")
class MarketNavAdvice {

    @ModelAttribute("navCapacity")
    boolean navCapacity() {
        return Principals.of(SecurityContextHolder.getContext().getAuthentication())
                .map(p -> p.organization().provider() && (p.isProviderOps() || p.isOrgAdmin()))
                .orElse(false);
    }
}
