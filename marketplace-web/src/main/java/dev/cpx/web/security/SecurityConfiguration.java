package dev.cpx.web.security;

import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.config.RedisCircuit;
import dev.cpx.web.error.ProblemResponses;
import dev.cpx.web.error.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Role;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Two filter chains: machines present {@code Authorization: Bearer <api-key>} on {@code /api/**} only and get a
 * chain of their own (no session, no CSRF); everything else, the portal and anonymous API calls, signs in with a
 * form and a session (CSRF on). No
 * API request creates a session: only portal pages are saved for the redirect after sign-in. Public reads are
 * listed here; everything else needs a caller, and each handler declares who may call it (checked by a test;
 * the API's rules are {@link ApiAccess}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    private static final String[] PUBLIC_API_READS = {
            "/api/v1/compute-classes", "/api/v1/regions", "/api/v1/instruments", "/api/v1/instruments/*",
            "/api/v1/instruments/*/book", "/api/v1/instruments/*/trades", "/api/v1/offers", "/api/v1/price-index"};

    static final String STRIPE_WEBHOOK = "/api/v1/payments/stripe/webhook";
    /** Instances forward market commands to the owner, proving themselves with the owner's forward token. */
    static final String MARKET_FORWARDING = "/internal/market/commands";

    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /**
     * Requests on {@code /api/**} that present a key: authenticated by the key alone, for that request, so none of
     * the portal's session, CSRF, sign-in, sign-out or saved-request filters run for them. This is the order path's
     * chain, and each filter it skips was CPU spent on every order.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiKeyFilterChain(HttpSecurity http, ApiKeyService apiKeys, ProblemResponses problems)
            throws Exception {
        AuthenticationEntryPoint apiEntryPoint = apiEntryPoint(problems);
        http
                .securityMatcher(ApiKeyAuthenticationFilter::presentsKey)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .csrf(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(apiEntryPoint)
                        .accessDeniedHandler(accessDenied(apiEntryPoint, problems)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, apiEntryPoint, problems),
                        AuthorizationFilter.class);
        return http.build();
    }

    /** Security's own observations wrap every filter and every method check, and nothing here reads them. */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemResponses problems,
                                            SignInRateLimiter rateLimiter, IdentityService identity)
            throws Exception {
        AuthenticationEntryPoint apiEntryPoint = apiEntryPoint(problems);
        AuthenticationEntryPoint pageEntryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        AccessDeniedHandler accessDenied = accessDenied(apiEntryPoint, problems);

        http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/css/**", "/js/**", "/img/**", "/favicon.svg", "/error").permitAll()
                        .requestMatchers("/", "/login", "/catalog", "/catalog/**", "/providers", "/providers/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC_API_READS).permitAll()
                        .requestMatchers(HttpMethod.GET, "/market/*", "/market/*/stream").permitAll()
                        .requestMatchers(HttpMethod.POST, STRIPE_WEBHOOK).permitAll()
                        .requestMatchers(HttpMethod.POST, MARKET_FORWARDING).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/login")
                        .defaultSuccessUrl("/home")
                        .failureUrl("/login?error")
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.migrateSession()))
                .requestCache(cache -> cache.requestCache(portalPagesOnly()))
                // Keyed API calls never reach this chain; Stripe's webhook is verified by its signature and the
                // forwarded market commands by the owner's token. A key anywhere else authenticates nothing.
                .csrf(csrf -> csrf.csrfTokenRepository(new PortalCsrfTokenRepository())
                        .ignoringRequestMatchers(STRIPE_WEBHOOK, MARKET_FORWARDING))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(apiEntryPoint,
                                request -> ProblemResponses.wantsProblem(request, request.getRequestURI()))
                        .defaultAuthenticationEntryPointFor(pageEntryPoint, request -> true)
                        .accessDeniedHandler(accessDenied))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
                .addFilterBefore(new SignInRateLimitFilter(rateLimiter), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SessionStandingFilter(identity), AuthorizationFilter.class);
        return http.build();
    }

    private static AuthenticationEntryPoint apiEntryPoint(ProblemResponses problems) {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(request, response, Problems.of(ErrorCode.UNAUTHENTICATED,
                    "sign in or present a valid API key as Authorization: Bearer <key>"));
        };
    }

    private static AccessDeniedHandler accessDenied(AuthenticationEntryPoint apiEntryPoint, ProblemResponses problems) {
        return (request, response, exception) -> {
            if (ProblemResponses.wantsProblem(request, request.getRequestURI())) {
                if (exception instanceof CsrfException && !signedIn()) {
                    // No session and no key: the caller lacks credentials, which is a 401, not a CSRF refusal.
                    apiEntryPoint.commence(request, response,
                            new InsufficientAuthenticationException("no credentials", exception));
                    return;
                }
                problems.write(request, response, Problems.of(ErrorCode.FORBIDDEN,
                        "your organization or role may not do this"));
            } else {
                request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpStatus.FORBIDDEN.value());
                request.getRequestDispatcher("/error").forward(request, response);
            }
        };
    }

    /**
     * A GET of a portal page is kept to return to after sign-in; an API request or a JSON client (answered 401,
     * not sent to the sign-in page) never is, so it creates no session.
     */
    private static RequestCache portalPagesOnly() {
        var cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET,
                "/**"), new NegatedRequestMatcher(ApiRequests.API),
                request -> !ProblemResponses.wantsProblem(request, request.getRequestURI())));
        return cache;
    }

    /** Outside Spring Session's filter, so a session store failure is answered with a clear 503. */
    @Bean
    FilterRegistrationBean<SessionStoreUnavailableFilter> sessionStoreUnavailableFilter(ProblemResponses problems,
                                                                                       RedisCircuit redis) {
        var registration = new FilterRegistrationBean<>(new SessionStoreUnavailableFilter(problems, redis));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    private static boolean signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    /**
     * Argon2id with explicit parameters (16-byte salt, 32-byte hash, 1 lane, 19 MiB, 2 passes: OWASP's
     * minimum); bcrypt only to verify migrated hashes. No other encoder, so no {noop} fallback exists.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        var argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        var encoder = new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2, "bcrypt",
                new BCryptPasswordEncoder()));
        return encoder;
    }

    /** {@link TradeAccess} on a handler: the trade rule in plain Java, at the place {@code @PreAuthorize} runs. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor tradeAccess() {
        var interceptor = new AuthorizationManagerBeforeMethodInterceptor(
                new AnnotationMatchingPointcut(null, TradeAccess.class, true), new TradeAccess.Rule());
        interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder());
        return interceptor;
    }

    @Bean
    WebMvcConfigurer principalArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CpxPrincipalArgumentResolver());
            }
        };
    }
}
