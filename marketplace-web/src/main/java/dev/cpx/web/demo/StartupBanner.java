package dev.cpx.web.demo;

import dev.cpx.web.config.CpxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells whoever started the portal where it is and, in demo mode, how to sign in. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment environment;
    private final CpxProperties properties;

    StartupBanner(Environment environment, CpxProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        var text = new StringBuilder("\n\n  CPX portal is up: http://localhost:").append(port).append("/\n")
                .append("  API docs:          http://localhost:").append(port).append("/swagger-ui.html\n");
        if (properties.demo().enabled()) {
            text.append("\n  Demo logins (password ").append(DemoData.PASSWORD).append("):\n");
            for (var organization : DemoData.ORGANIZATIONS) {
                for (var user : organization.users()) {
                    text.append(String.format("    %-20s %-5s %s%n", user.email(), organization.code(), user.roles()));
                }
                text.append(String.format("    %-20s %-5s API key%n", organization.apiKey(), organization.code()));
            }
        }
        log.info("{}", text);
    }
}
