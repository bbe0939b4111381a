package dev.cpx.web.settlement;

import dev.cpx.web.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The settlement lifecycle on MariaDB with Redis, in the production configuration. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class SettlementLifecycleIT extends SettlementLifecycle {

    private static final String DATABASE = "cpx_it_settlement";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.recreate(DATABASE);
        registry.add("cpx.it.database", () -> DATABASE);
        registry.add("cpx.it.redis-prefix", () -> "cpx:it-settlement");
    }
}
