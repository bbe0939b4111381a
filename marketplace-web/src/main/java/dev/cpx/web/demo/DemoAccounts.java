package dev.cpx.web.demo;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** The demo sign-ins, for the sign-in page of a demo deployment; absent otherwise. */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
public class DemoAccounts {

    /** One demo sign-in as the sign-in page lists it. */
    public record DemoLogin(String email, String password, String organization, String role) {
    }

    public List<DemoLogin> logins() {
        return DemoData.ORGANIZATIONS.stream()
                .flatMap(org -> org.users().stream().map(user -> new DemoLogin(user.email(), DemoData.PASSWORD,
                        org.code(), user.displayName())))
                .toList();
    }
}
