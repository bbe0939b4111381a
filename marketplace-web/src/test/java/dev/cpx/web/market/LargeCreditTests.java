package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.ledger.LedgerService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A wallet credit beyond 2^31 minor units reaches the balance (the journal's balance update once refused it). */
@SpringBootTest(classes = CpxApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:large-credit;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "cpx.demo.enabled=true"})
@ActiveProfiles("embedded")
class LargeCreditTests {

    /** 30,000,000.00: above 2^31 - 1 = 2,147,483,647 minor units. */
    private static final long CREDIT_MINOR = 3_000_000_000L;

    @Autowired
    LedgerService ledger;
    @Autowired
    IdentityService identity;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void creditAboveTwoToTheThirtyFirstMinorUnitsIsApplied() {
        long nova = identity.organizationByCode("NOVA").orElseThrow().id();
        long before = ledger.balances(nova).availableMinor();

        new TransactionTemplate(transactions).executeWithoutResult(
                status -> ledger.fund(nova, CREDIT_MINOR, "large-credit-test"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ledger.balances(nova).availableMinor()).isEqualTo(before + CREDIT_MINOR));
    }
}
