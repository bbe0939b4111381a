package dev.cpx.web.support;

import dev.cpx.CpxApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port, embedded profile, with demo data in a private in-memory H2
 * database. Test classes that use it share one application context, so they must not depend on state
 * another class leaves behind (register uniquely named nodes, never lock shared accounts).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx-web-tests;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                // Sign-ins from several classes share one in-process counter per client address.
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
public @interface EmbeddedAppTest {
}
