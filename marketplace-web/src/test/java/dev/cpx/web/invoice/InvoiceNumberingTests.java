package dev.cpx.web.invoice;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

/** Invoice numbering under concurrency on the embedded database. */
@SpringBootTest
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:invoice-numbering;MODE=MySQL;"
        + "DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class InvoiceNumberingTests extends InvoiceNumbering {
}
