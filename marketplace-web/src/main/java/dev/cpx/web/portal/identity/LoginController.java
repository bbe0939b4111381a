package dev.cpx.web.portal.identity;

import dev.cpx.web.demo.DemoAccounts;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security handles the POST. */
@Controller
@PermitAll
class LoginController {

    private final ObjectProvider<DemoAccounts> demoAccounts;

    LoginController(ObjectProvider<DemoAccounts> demoAccounts) {
        this.demoAccounts = demoAccounts;
    }

    /** Larger than the rendered page, so nothing is sent before the page's new session has been saved. */
    private static final int WHOLE_PAGE_BUFFER = 64 * 1024;

    @GetMapping("/login")
    String login(Model model, HttpServletResponse response) {
        // With the default 8 KB buffer the page is sent while it renders, and the session store is first written
        // then: a Redis failure would cut the page half-way instead of becoming a clean 503.
        response.setBufferSize(WHOLE_PAGE_BUFFER);
        DemoAccounts demo = demoAccounts.getIfAvailable();
        model.addAttribute("demoLogins", demo == null ? List.of() : demo.logins());
        model.addAttribute("activeNav", "login");
        return "login";
    }
}
