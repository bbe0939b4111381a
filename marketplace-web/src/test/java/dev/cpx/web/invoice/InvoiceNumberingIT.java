package dev.cpx.web.invoice;

import dev.cpx.web.support.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Invoice numbering under concurrency on MariaDB, in a database of its own. */
@SpringBootTest
@ActiveProfiles("it")
class InvoiceNumberingIT extends InvoiceNumbering {

    private static final String DATABASE = "cpx_it_invoices";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.recreate(DATABASE);
        registry.add("cpx.it.database", () -> DATABASE);
        registry.add("cpx.it.redis-prefix", () -> "cpx:it-invoices");
    }
}
