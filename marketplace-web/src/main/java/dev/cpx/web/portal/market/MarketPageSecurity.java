package dev.cpx.web.portal.market;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Instrument pages and their live feed are public market data, like the catalog. The main chain lets only
 * its listed paths through anonymously, so these GETs get a chain of their own, ahead of it, with the same
 * session, CSRF token store and content security policy; everything else (placing orders included) stays
 * on the main chain.
 */
@Configuration(proxyBeanMethods = false)
class MarketPageSecurity {

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    @Order(10)
    SecurityFilterChain publicMarketPages(HttpSecurity http) throws Exception {
        var pages = PathPatternRequestMatcher.withDefaults();
        http
                .securityMatcher(request -> pages.matcher(HttpMethod.GET, "/market/*").matches(request)
                        || pages.matcher(HttpMethod.GET, "/market/*/stream").matches(request))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)));
        return http.build();
    }
}
