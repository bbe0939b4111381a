package dev.cpx.web.portal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.NewUser;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.identity.Role;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A provider lists a range of hours from the capacity page in one action: the asks the market holds afterwards are
 * read from the order table, hour by hour, and the ladder's figures from the page's model. GZDH gets 8 GPUs of
 * A800-SXM-80G in CN-SOUTH (a class and region no one else here trades) on a site of this class's own; each test
 * lists its own days, far enough ahead that they stay open while it runs (the 13th day ahead is never listed).
 */
@EmbeddedAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityListingTests {

    private static final String CLASS = "A800-SXM-80G";
    private static final String REGION = "CN-SOUTH";
    private static final Cpid NODE = Cpid.of(REGION, "GZDH", "LST1", "N0001");
    private static final DateTimeFormatter SYMBOL_HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);

    @Autowired
    WebApplicationContext context;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MarketService market;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    Clock clock;

    MockMvc mvc;
    private OrganizationView gzdh;
    private LocalDate today;

    @BeforeAll
    void registerTheNode() {
        gzdh = identity.organizationByCode("GZDH").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> market.status().active());
        nodes.register(gzdh, new NodeRegistration(NODE, CLASS, 8));
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Nothing of this class's asks stays in the book for another test class to trade against. */
    @AfterAll
    void cancelTheAsks() {
        for (Ask ask : asks(today.atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(15)
                .atStartOfDay(ZoneOffset.UTC).toInstant())) {
            market.cancel(gzdh, ask.orderId());
        }
    }

    @Test
    void aProviderListsARangeOfHoursInOneActionAndTheLadderShowsThem() throws Exception {
        MockHttpSession ops = signIn("ops@gzdh.demo");
        LocalDate day = today.plusDays(9);
        Instant start = day.atTime(5, 0).toInstant(ZoneOffset.UTC);

        String form = page(ops, "/capacity");
        assertThat(form).contains("List a range of hours", "action=\"/capacity/listings\"",
                "href=\"/catalog/availability?computeClass=" + CLASS + "&amp;region=" + REGION + "\"");

        var result = mvc.perform(listing(ops, "web-" + UUID.randomUUID(), day, 5, 30, 3, "2.40"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/capacity#capacity-" + CLASS + "-" + REGION))
                .andReturn();
        ListingOutcome outcome = (ListingOutcome) result.getFlashMap().get("listing");
        assertThat(outcome.tone()).isEqualTo("success");
        assertThat(outcome.message()).isEqualTo("Listed 30 hours of " + CLASS + " in " + REGION + ": 3 GPUs each "
                + "hour at 2.40 per GPU-hour, " + day + " 05:00 to " + day.plusDays(1) + " 11:00 UTC (90 GPU-hours).");

        // One resting ask of 3 at 2.40 for each of the 30 hours from 05:00, and none either side of them.
        List<Ask> asks = asks(start.minus(Duration.ofHours(2)), start.plus(Duration.ofHours(32)));
        assertThat(asks).extracting(Ask::symbol).containsExactlyElementsOf(symbols(start, 30));
        assertThat(asks).allSatisfy(ask -> {
            assertThat(ask.remaining()).isEqualTo(3);
            assertThat(ask.priceTicks()).isEqualTo(240);
        });

        // The ladder: 19 hours of the first day offered (05:00 to 24:00) and 11 of the next, 3 GPUs each.
        var ladder = mvc.perform(get("/capacity").session(ops).flashAttr("listing", outcome))
                .andExpect(status().isOk()).andReturn();
        assertThat(ladder.getResponse().getContentAsString()).contains(outcome.message(), "data-listing-outcome");
        CapacityPageController.Group group = group(ladder.getModelAndView().getModel(), CLASS, REGION);
        assertThat(day(group, day).offered()).isEqualTo(19 * 3);
        assertThat(day(group, day.plusDays(1)).offered()).isEqualTo(11 * 3);
        assertThat(day(group, day.plusDays(1)).hours().stream().filter(h -> h.offered() > 0)
                .map(h -> h.instrument().symbol())).containsExactlyElementsOf(symbols(day.plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant(), 11));
    }

    @Test
    void theSameFormSentTwiceListsOnce() throws Exception {
        MockHttpSession ops = signIn("ops@gzdh.demo");
        LocalDate day = today.plusDays(11);
        String clientOrderId = "web-" + UUID.randomUUID();

        var first = (ListingOutcome) mvc.perform(listing(ops, clientOrderId, day, 0, 24, 2, "2.40"))
                .andReturn().getFlashMap().get("listing");
        var second = (ListingOutcome) mvc.perform(listing(ops, clientOrderId, day, 0, 24, 2, "2.40"))
                .andReturn().getFlashMap().get("listing");

        assertThat(first.message()).startsWith("Listed 24 hours");
        assertThat(second.tone()).isEqualTo("info");
        assertThat(second.message()).startsWith("Already listed from this form (it was sent twice), nothing new: 24 hours");
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(asks(start, start.plus(Duration.ofDays(1)))).hasSize(24)
                .allSatisfy(ask -> assertThat(ask.remaining()).isEqualTo(2));
    }

    @Test
    void anHourWithoutEnoughFreeGpusRefusesTheWholeRangeAndSaysWhich() throws Exception {
        MockHttpSession ops = signIn("ops@gzdh.demo");
        LocalDate day = today.plusDays(12);
        String noon = CLASS + "." + REGION + "." + day + "T12";
        market.place(new PlaceOrder(gzdh, "lst-noon-" + UUID.randomUUID(), noon, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, 240L, 6));

        var outcome = (ListingOutcome) mvc.perform(listing(ops, "web-" + UUID.randomUUID(), day, 0, 24, 4, "2.40"))
                .andReturn().getFlashMap().get("listing");

        assertThat(outcome.tone()).isEqualTo("error");
        assertThat(outcome.message()).startsWith("Nothing was listed. Not enough unsold capacity: asking 4 GPUs")
                .contains(noon, "only 2 are unsold");
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(asks(start, start.plus(Duration.ofDays(1)))).extracting(Ask::symbol).containsExactly(noon);
        // The entries come back for another try, under a new client order id.
        assertThat(outcome.form().getPrice()).isEqualTo("2.40");
        assertThat(outcome.form().getQuantity()).isEqualTo(4);
        assertThat(outcome.form().getStartDate()).isEqualTo(day);
        String page = mvc.perform(get("/capacity").session(ops).flashAttr("listing", outcome))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("only 2 are unsold", "value=\"2.40\"", "value=\"" + outcome.form().getClientOrderId()
                + "\"", "role=\"alert\"");
    }

    @Test
    void aClosedHourOrBadEntriesAreRefusedInWordsAndNothingIsListed() throws Exception {
        MockHttpSession ops = signIn("ops@gzdh.demo");
        listPastHour(today.atStartOfDay(ZoneOffset.UTC).toInstant());
        listPastHour(today.atTime(1, 0).toInstant(ZoneOffset.UTC));

        var closed = (ListingOutcome) mvc.perform(listing(ops, "web-" + UUID.randomUUID(), today, 0, 2, 1, "2.40"))
                .andReturn().getFlashMap().get("listing");
        assertThat(closed.message()).startsWith("Nothing was listed. The instrument is not open for trading: "
                + CLASS + "." + REGION + "." + today + "T00 closed for trading");

        var invalid = (ListingOutcome) mvc.perform(listing(ops, "web-" + UUID.randomUUID(), today.plusDays(13), 0, 0,
                        1, "two"))
                .andReturn().getFlashMap().get("listing");
        assertThat(invalid.fieldErrors()).containsOnlyKeys("hours", "price");
        assertThat(invalid.fieldErrors().get("hours")).isEqualTo("at least 1 hour");
        assertThat(invalid.fieldErrors().get("price")).contains("not a decimal number such as 2.50");
        assertThat(invalid.form().getPrice()).isEqualTo("two");
        Instant day = today.plusDays(13).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(asks(day, day.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aViewerWithoutTradeRightsSeesNoFormAndMayNotList() throws Exception {
        String email = "viewer-" + UUID.randomUUID() + "@gzdh.demo";
        identity.createUser(new NewUser(gzdh.id(), email, "Capacity Viewer", passwords.encode("demo-pass-1"),
                Set.of(Role.ORG_ADMIN)));
        MockHttpSession viewer = signIn(email);

        assertThat(page(viewer, "/capacity")).contains(CLASS, "Availability grid")
                .doesNotContain("List a range of hours", "/capacity/listings");
        // The access-denied handler forwards to the error page with 403, which MockMvc records as a forward.
        mvc.perform(listing(viewer, "web-" + UUID.randomUUID(), today.plusDays(13), 0, 1, 1, "2.40"))
                .andExpect(forwardedUrl("/error"))
                .andExpect(result -> assertThat(result.getRequest().getAttribute("jakarta.servlet.error.status_code"))
                        .isEqualTo(403));
        mvc.perform(listing(signIn("trader@acme.demo"), "web-" + UUID.randomUUID(), today.plusDays(13), 0, 1, 1,
                "2.40")).andExpect(forwardedUrl("/error"));
        Instant day = today.plusDays(13).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(asks(day, day.plus(Duration.ofDays(1)))).isEmpty();
    }

    /**
     * One of today's first hours, listed as an instance running since then would have listed it: the calendar of
     * this context lists only hours still open, so a closed one from it would depend on the hour the tests run.
     */
    private void listPastHour(Instant start) {
        String symbol = CLASS + "." + REGION + "." + SYMBOL_HOUR.format(start);
        if (jdbc.sql("select count(*) from instrument where symbol = ?").param(symbol).query(Long.class).single() == 0) {
            jdbc.sql("insert into instrument (symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                            + "gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(symbol, CLASS, REGION, LocalDateTime.ofInstant(start, ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.plusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(86_400), ZoneOffset.UTC))
                    .update();
        }
    }

    record Ask(long orderId, String symbol, long remaining, long priceTicks) {
    }

    /** GZDH's open asks of the class and region delivering in [from, to), in delivery order. */
    private List<Ask> asks(Instant from, Instant to) {
        return jdbc.sql("""
                        select o.id, i.symbol, o.remaining_quantity, o.price_ticks from market_order o
                        join instrument i on i.id = o.instrument_id
                        where o.organization_id = ? and o.side = 'SELL' and o.status in ('NEW', 'PARTIALLY_FILLED')
                          and i.compute_class_code = ? and i.region_code = ?
                          and i.delivery_start >= ? and i.delivery_start < ?
                        order by i.delivery_start""")
                .params(gzdh.id(), CLASS, REGION, LocalDateTime.ofInstant(from, ZoneOffset.UTC),
                        LocalDateTime.ofInstant(to, ZoneOffset.UTC))
                .query((rs, n) -> new Ask(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    private static List<String> symbols(Instant start, int hours) {
        var symbols = new ArrayList<String>();
        for (int h = 0; h < hours; h++) {
            symbols.add(CLASS + "." + REGION + "." + SYMBOL_HOUR.format(start.plus(Duration.ofHours(h))));
        }
        return symbols;
    }

    private static CapacityPageController.Group group(Map<String, Object> model, String computeClass, String region) {
        @SuppressWarnings("unchecked")
        var groups = (List<CapacityPageController.Group>) model.get("groups");
        return groups.stream().filter(g -> g.capacity().computeClass().equals(computeClass)
                && g.capacity().region().equals(region)).findFirst().orElseThrow();
    }

    private static CapacityPageController.DayRow day(CapacityPageController.Group group, LocalDate day) {
        return group.days().stream().filter(d -> d.day().equals(day)).findFirst().orElseThrow();
    }

    private org.springframework.test.web.servlet.RequestBuilder listing(MockHttpSession session, String clientOrderId,
                                                                        LocalDate day, int hour, int hours,
                                                                        long quantity, String price) {
        return post("/capacity/listings").session(session).with(csrf())
                .param("clientOrderId", clientOrderId).param("computeClass", CLASS).param("region", REGION)
                .param("startDate", day.toString()).param("startHour", Integer.toString(hour))
                .param("hours", Integer.toString(hours)).param("quantity", Long.toString(quantity))
                .param("price", price).param("project", "");
    }

    private MockHttpSession signIn(String email) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/login").user(email).password("demo-pass-1"))
                .andExpect(status().is3xxRedirection())
                .andReturn().getRequest().getSession(false);
    }

    private String page(MockHttpSession session, String path) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
