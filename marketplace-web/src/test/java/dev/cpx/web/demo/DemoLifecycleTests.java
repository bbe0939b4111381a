package dev.cpx.web.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.RunKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo lifecycle on the demo clock, with the market quiet so the test makes the only trade: a simulated
 * provider's contract is allocated before the clock jumps past its delivery, its delivery is metered from both sides,
 * and its day's settlement period opens and, past its grace, closes with a FINAL run, statements and invoices; a
 * further pass changes nothing.
 */
@SpringBootTest(classes = CpxApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-lifecycle;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "cpx.demo.enabled=true",
        "cpx.demo.lifecycle=true",
        // The timer's first pass runs at start; the test moves the clock and runs passes itself.
        "cpx.demo.lifecycle-every=PT1H",
        "cpx.demo.period-grace=PT2H"})
@ActiveProfiles("embedded")
class DemoLifecycleTests {

    private static final Duration GRACE = Duration.ofHours(2);
    private static final List<String> TABLES = List.of("contract_allocation", "usage_record", "settlement_period",
            "settlement_run", "statement", "invoice", "settlement_audit", "discrepancy", "journal_entry");

    @Autowired
    DemoLifecycle lifecycle;
    @Autowired
    DemoClock demoClock;
    @Autowired
    DemoTraders traders;
    @Autowired
    DemoDelivery delivery;
    @Autowired
    MarketService market;
    @Autowired
    InstrumentService instruments;
    @Autowired
    IdentityService identity;
    @Autowired
    SettlementService settlement;
    @Autowired
    SettlementRuns runs;
    @Autowired
    MovableClock clock;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theClockMovesPastADayAndItsPeriodClosesWithAFinalRunAndUsageFromBothSidesThenNothingChanges() {
        assertThat(lifecycle.running()).isTrue();
        traders.ensure();
        OrganizationView hzai = organization("HZAI");
        // MI300X in EU-CENTRAL is HZAI's alone: its first open hour.
        InstrumentView hour = instruments.search(new InstrumentQuery("MI300X-192G", "EU-CENTRAL", InstrumentStatus.OPEN,
                null, null, 0, 50)).stream().min(Comparator.comparing(InstrumentView::deliveryStart)).orElseThrow();
        market.place(new PlaceOrder(hzai, "lifecycle-ask", hour.symbol(), Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, 300L, 8));
        long contractId = market.place(new PlaceOrder(organization(DemoTraders.MAKER), "lifecycle-bid",
                hour.symbol(), Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 300L, 8)).order().trades().getFirst()
                .contractId();
        assertThat(count("contract_allocation where contract_id = " + contractId)).isZero();

        Instant dayEnd = hour.deliveryEnd().minusSeconds(1).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        demoClock.advance(Duration.between(clock.instant(), dayEnd.plus(GRACE).plusSeconds(60)));

        assertThat(count("contract_allocation where contract_id = " + contractId))
                .as("allocated before the clock passed its delivery start").isEqualTo(1);
        PeriodView closed = await().atMost(Duration.ofSeconds(60)).until(() -> period(dayEnd), p -> p.isPresent()
                && !p.get().open()).orElseThrow();
        assertThat(closed.periodStart()).isEqualTo(dayEnd.minus(Duration.ofDays(1)));
        assertThat(closed.contracts()).isEqualTo(1);
        assertThat(runs.runs(closed.periodId())).extracting(run -> run.kind()).contains(RunKind.FINAL);
        assertThat(jdbc.sql("select source, count(*) from usage_record where contract_id = ? group by source")
                .param(contractId).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
                .extracting(Map.Entry::getKey).containsExactlyInAnyOrder("PROVIDER", "BUYER");
        assertThat(settlement.statements(closed.periodId(), null)).extracting(s -> s.organization())
                .contains("HZAI", DemoTraders.MAKER);
        assertThat(count("invoice where period_id = " + closed.periodId())).isPositive();
        assertThat(jdbc.sql("select actor from settlement_audit where period_id = ? and action = 'PERIOD_CLOSED'")
                .param(closed.periodId()).query(String.class).single()).isEqualTo(DemoPeriods.ACTOR);
        switch (DemoDelivery.Meters.of(contractId)) {
            case FULL -> assertThat(closed.slaCreditsMinor() + closed.discrepancies()).isZero();
            case SHORT -> assertThat(closed.slaCreditsMinor()).as("a short delivery earns a credit").isPositive();
            case BUYER_READS_LESS -> assertThat(closed.discrepancies()).isPositive();
        }

        lifecycle.pass();
        Map<String, Long> before = counts();
        DemoLifecycle.Pass again = lifecycle.pass();
        DemoDelivery.Metered remetered = delivery.meterDelivered(hzai, null);

        assertThat(again.changedAnything()).as("%s", again).isFalse();
        assertThat(remetered.contracts()).isEqualTo(1);
        assertThat(remetered.accepted()).isZero();
        assertThat(remetered.duplicates()).as("both sides' records again").isEqualTo(2);
        assertThat(counts()).isEqualTo(before);
    }

    private Optional<PeriodView> period(Instant end) {
        return settlement.periods(200).stream().filter(p -> p.periodEnd().equals(end)).findFirst();
    }

    private Map<String, Long> counts() {
        var counts = new TreeMap<String, Long>();
        TABLES.forEach(table -> counts.put(table, count(table)));
        return counts;
    }

    private long count(String tableAndCondition) {
        return jdbc.sql("select count(*) from " + tableAndCondition).query(Long.class).single();
    }

    private OrganizationView organization(String code) {
        return identity.organizationByCode(code).orElseThrow();
    }
}
