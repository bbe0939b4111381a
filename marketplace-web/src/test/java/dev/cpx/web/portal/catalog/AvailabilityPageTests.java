package dev.cpx.web.portal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.OrderView;
import dev.cpx.core.market.PlaceBlockOrder;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The public availability grid against asks placed here by two providers, in A800-SXM-80G in CN-NORTH (a class and
 * region no one else here trades): every cell's GPUs, best ask and shade, the closed hours, and the page itself.
 */
@EmbeddedAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvailabilityPageTests {

    private static final String CLASS = "A800-SXM-80G";
    private static final String REGION = "CN-NORTH";

    @Autowired
    WebApplicationContext context;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MarketService market;
    @Autowired
    Clock clock;
    @Autowired
    JdbcClient jdbc;

    private MockMvc mvc;
    private OrganizationView gzdh;
    private OrganizationView shcc;
    private LocalDate day;
    private final List<OrderView> gzdhAsks = new ArrayList<>();
    private final List<OrderView> shccAsks = new ArrayList<>();
    private String midnight;

    /** GZDH: 3 GPUs at 2.50 from 10:00 for 4 hours; SHCC: 5 at 2.20 at 10:00 and 1 at 2.60 at 12:00. */
    @BeforeAll
    void twoProvidersAsk() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        gzdh = identity.organizationByCode("GZDH").orElseThrow();
        shcc = identity.organizationByCode("SHCC").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> market.status().active());
        nodes.register(gzdh, new NodeRegistration(Cpid.of(REGION, "GZDH", "AVG1", "N0001"), CLASS, 8));
        nodes.register(shcc, new NodeRegistration(Cpid.of(REGION, "SHCC", "AVG1", "N0001"), CLASS, 8));
        day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(8);
        Instant ten = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
        gzdhAsks.addAll(market.placeBlock(new PlaceBlockOrder(gzdh, "avg-" + UUID.randomUUID(), CLASS, REGION,
                Side.SELL, 3, ten, ten.plus(Duration.ofHours(4)), 250, null)).block().orders());
        shccAsks.add(ask(shcc, symbol(10), 220, 5));
        shccAsks.add(ask(shcc, symbol(12), 260, 1));
        midnight = todaysMidnightHour();
    }

    /** Nothing placed here stays in the book for another test class to trade against. */
    @AfterAll
    void cancelTheAsks() {
        gzdhAsks.forEach(o -> market.cancel(gzdh, o.orderId()));
        shccAsks.forEach(o -> market.cancel(shcc, o.orderId()));
    }

    @Test
    void everyCellShowsTheGpusOfferedAndTheBestAskOfItsHour() throws Exception {
        MvcResult result = mvc.perform(get("/catalog/availability").param("computeClass", CLASS)
                        .param("region", REGION))
                .andExpect(status().isOk()).andReturn();
        var grid = (AvailabilityGrid) result.getModelAndView().getModel().get("grid");

        assertThat(grid.days()).hasSize(14);
        assertThat(grid.days().getFirst().day()).isEqualTo(day.minusDays(8));
        AvailabilityGrid.Day row = grid.days().get(8);
        assertThat(row.day()).isEqualTo(day);
        assertThat(row.cells()).extracting(AvailabilityGrid.Cell::hour).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 24).boxed().toList());
        // 10:00 has both providers (3 + 5, best 2.20), 11:00 and 13:00 GZDH's 3, 12:00 3 + 1 at best 2.50.
        assertThat(row.cells().subList(9, 15)).extracting(AvailabilityGrid.Cell::symbol,
                        AvailabilityGrid.Cell::offered, AvailabilityGrid.Cell::bestAsk, AvailabilityGrid.Cell::orders,
                        AvailabilityGrid.Cell::level)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(symbol(9), 0L, null, 0, 0),
                        org.assertj.core.groups.Tuple.tuple(symbol(10), 8L, "2.20", 2, 4),
                        org.assertj.core.groups.Tuple.tuple(symbol(11), 3L, "2.50", 1, 2),
                        org.assertj.core.groups.Tuple.tuple(symbol(12), 4L, "2.50", 2, 2),
                        org.assertj.core.groups.Tuple.tuple(symbol(13), 3L, "2.50", 1, 2),
                        org.assertj.core.groups.Tuple.tuple(symbol(14), 0L, null, 0, 0));
        assertThat(row.offered()).isEqualTo(18);
        assertThat(grid.maxOffered()).isEqualTo(8);
        assertThat(grid.offeredGpuHours()).isEqualTo(18);
        // Today's first hour is past its gate: closed, nothing shown, no link.
        AvailabilityGrid.Cell first = grid.days().getFirst().cells().getFirst();
        assertThat(first.symbol()).isEqualTo(midnight);
        assertThat(first.open()).isFalse();
        assertThat(first.offered()).isZero();

        String html = result.getResponse().getContentAsString();
        assertThat(cell(html, symbol(10))).contains("class=\"lvl-4\"", "href=\"/market/" + symbol(10) + "\"",
                ">8<", ">2.20<", "8 GPUs in 2 asks, best ask 2.20 per GPU-hour");
        assertThat(cell(html, symbol(9))).contains("class=\"lvl-0\"", ">0<", "no open ask");
        assertThat(cell(html, midnight)).contains("class=\"closed\"", ">closed<").doesNotContain("href=");
        assertThat(html).contains("<caption id=\"grid-caption\">GPUs offered per delivery hour, " + CLASS + " in "
                        + REGION + " (UTC)</caption>", "<th scope=\"col\">00</th>", "<th scope=\"col\">23</th>",
                "scope=\"row\"", "18 GPU-hours offered over");
    }

    @Test
    void theGridIsPublicAndLinkedFromTheCatalogAndAnUnknownClassIsNotFound() throws Exception {
        String catalog = mvc.perform(get("/catalog")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(catalog).contains("href=\"/catalog/availability");
        String defaults = mvc.perform(get("/catalog/availability")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(defaults).contains("Availability grid", "<table class=\"avail-grid\">");
        mvc.perform(get("/catalog/availability").param("computeClass", "NO-SUCH-GPU").param("region", REGION))
                .andExpect(status().isNotFound());
        mvc.perform(get("/catalog/availability").param("computeClass", CLASS).param("region", "XX-NOWHERE"))
                .andExpect(status().isNotFound());
    }

    /**
     * Today's 00:00 hour, listed as an instance running since then would have listed it: the calendar of this context
     * lists only hours still open, so a closed one from it would depend on the hour the tests run.
     */
    private String todaysMidnightHour() {
        Instant start = day.minusDays(8).atStartOfDay(ZoneOffset.UTC).toInstant();
        String symbol = CLASS + "." + REGION + "." + day.minusDays(8) + "T00";
        if (jdbc.sql("select count(*) from instrument where symbol = ?").param(symbol).query(Long.class).single() == 0) {
            jdbc.sql("insert into instrument (symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                            + "gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(symbol, CLASS, REGION, LocalDateTime.ofInstant(start, ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.plusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(86_400), ZoneOffset.UTC))
                    .update();
        }
        return symbol;
    }

    private OrderView ask(OrganizationView provider, String symbol, long priceTicks, long quantity) {
        return market.place(new PlaceOrder(provider, "avg-s-" + UUID.randomUUID(), symbol, Side.SELL,
                OrderType.LIMIT, TimeInForce.GTC, priceTicks, quantity)).order();
    }

    private String symbol(int hour) {
        return CLASS + "." + REGION + "." + day + "T" + (hour < 10 ? "0" : "") + hour;
    }

    /** The table cell of one hour, as rendered. */
    private static String cell(String html, String symbol) {
        var matcher = Pattern.compile("<td[^>]*data-hour=\"" + Pattern.quote(symbol) + "\"[^>]*>.*?</td>",
                Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as("a cell for %s", symbol).isTrue();
        return matcher.group();
    }
}
