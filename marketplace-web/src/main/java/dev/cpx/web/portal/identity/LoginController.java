package dev.cpx.web.portal.identity;

import dev.cpx.web.demo.DemoAccounts;
import jakarta.annotation.security.PermitAll;
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

    @GetMapping("/login")
    String login(Model model) {
        DemoAccounts demo = demoAccounts.getIfAvailable();
        model.addAttribute("demoLogins", demo == null ? List.of() : demo.logins());
        model.addAttribute("activeNav", "login");
        return "login";
    }
}
