package dev.cpx.web.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.time.MovableClock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** A simulated delivery meters an allocated, finished contract from both sides once; an unfinished one is refused. */
@SpringBootTest(classes = CpxApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-delivery;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "cpx.demo.enabled=true"})
@ActiveProfiles("embedded")
class DemoDeliveryTests {

    @Autowired
    DemoDelivery delivery;
    @Autowired
    MarketService market;
    @Autowired
    ContractService contracts;
    @Autowired
    InstrumentService instruments;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MovableClock clock;

    @Test
    void fullDeliveryIsMeteredByBothSidesOnceTheWindowIsOver() {
        var shcc = identity.organizationByCode("SHCC").orElseThrow();
        var acme = identity.organizationByCode("ACME").orElseThrow();
        InstrumentView day = instruments.search(new InstrumentQuery("L40S-48G", "CN-NORTH", InstrumentStatus.OPEN,
                null, null, 0, 50)).stream().min(Comparator.comparing(InstrumentView::deliveryStart)).orElseThrow();
        market.place(new PlaceOrder(shcc, "dd-a", day.symbol(), Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100L, 8));
        long contractId = market.place(new PlaceOrder(acme, "dd-b", day.symbol(), Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, 100L, 8)).order().trades().getFirst().contractId();
        String cpid = nodes.nodes(shcc, 0, 100).stream().filter(n -> n.computeClass().equals("L40S-48G"))
                .findFirst().orElseThrow().cpid();
        contracts.allocate(shcc, contractId, List.of(cpid));

        assertThatThrownBy(() -> delivery.deliver(contractId)).isInstanceOf(CpxException.class)
                .hasMessageContaining("is not ready");

        clock.advance(Duration.between(clock.instant(), day.deliveryEnd()).plusMinutes(1));
        assertThat(delivery.ready()).extracting(c -> c.contractId()).contains(contractId);
        var delivered = delivery.deliver(contractId);

        assertThat(delivered.provider().accepted()).isEqualTo(1);
        assertThat(delivered.buyer().accepted()).isEqualTo(1);
        var again = delivery.deliver(contractId);
        assertThat(again.provider().duplicates()).isEqualTo(1);
        assertThat(again.buyer().duplicates()).isEqualTo(1);
    }
}
