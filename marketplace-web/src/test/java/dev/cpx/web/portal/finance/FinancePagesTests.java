package dev.cpx.web.portal.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.time.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The finance pages on the demo data: a contract traded, allocated, delivered and metered from both sides; platform
 * finance opens, reviews and closes its period; an organization's finance sees only its own statement; a trader is
 * refused; a heartbeat shows on the provider's Nodes page. The test moves the market clock, so it has a database
 * (and context) of its own.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:finance-pages;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class FinancePagesTests {

    private static final long HOUR_SECONDS = 3600;
    private static final Pattern PERIOD_URL = Pattern.compile("/finance/periods/(\\d+)");

    @Autowired
    WebApplicationContext context;
    @Autowired
    InstrumentService instruments;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MovableClock clock;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void platformFinanceOpensReviewsAndClosesAPeriodAndEachOrganizationSeesOnlyItsOwnStatement() throws Exception {
        InstrumentView instrument = firstOpen("H100-SXM-80G", "CN-EAST");
        long contractId = tradeAndDeliver(instrument);

        MockHttpSession platform = signIn("finance@cpx.demo");
        assertThat(page(platform, "/finance")).contains("Open a settlement period", "(UTC)", "data-progress",
                "href=\"/finance\"");
        String location = mvc.perform(post("/finance/periods").session(platform).with(csrf())
                        .param("start", utcLocal(instrument.deliveryStart()))
                        .param("end", utcLocal(instrument.deliveryEnd())))
                .andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        var matcher = PERIOD_URL.matcher(location);
        assertThat(matcher.matches()).as(location).isTrue();
        long periodId = Long.parseLong(matcher.group(1));

        String open = page(platform, location);
        assertThat(open).contains("Period #" + periodId, "Open", "Re-run rating", "Close period", "data-confirm",
                "Statements", "Netting", "Discrepancies", "Audit trail", "PERIOD_OPENED", "finance@cpx.demo",
                "/api/v1/settlement/periods/" + periodId + "/reports/ACME.csv",
                "/api/v1/settlement/periods/" + periodId + "/reports/SHCC.pdf",
                "/api/v1/settlement/periods/" + periodId + "/reports/platform.xlsx",
                "/api/v1/settlement/periods/" + periodId + "/reports/SHCC.focus.csv",
                "CP1.CN-EAST.SHCC", "CLEARING").doesNotContain("platform.focus.csv");
        assertThat(page(platform, "/finance")).contains("#" + periodId, "not frozen");

        mvc.perform(post(location + "/rerun").session(platform).with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post(location + "/close").session(platform).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String closed = page(platform, location);
        assertThat(closed).contains("Closed: final", "PERIOD_CLOSED", "period-hash")
                .doesNotContain("Close period</button>");
        mvc.perform(post(location + "/close").session(platform).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(String.valueOf(result.getFlashMap().get("failure")))
                        .contains("is closed"));

        MockHttpSession acme = signIn("finance@acme.demo");
        assertThat(page(acme, "/finance")).contains("#" + periodId, "Statement").doesNotContain("Open a settlement");
        String statement = page(acme, location);
        assertThat(statement).contains("Statement · period", "#" + contractId, instrument.symbol(), "Bought",
                        "/reports/ACME.csv", "/reports/ACME.xlsx", "/reports/ACME.pdf", "/reports/ACME.focus.csv",
                        "statement-hash")
                .doesNotContain("/reports/SHCC", "/reports/platform", "Netting", "Audit trail");
        assertThat(statement).as("each line leads to the usage records behind it")
                .containsPattern("/api/v1/settlement/periods/\\d+/statements/ACME/lines/\\d+/usage");
        var discrepancy = Pattern.compile("/discrepancies/(\\d+)/dispute").matcher(statement);
        assertThat(discrepancy.find()).as("the buyer may dispute the discrepancy of the last hour").isTrue();
        mvc.perform(post(location + "/discrepancies/" + discrepancy.group(1) + "/dispute").session(acme).with(csrf())
                        .param("reason", "our probe saw half the GPUs idle"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(String.valueOf(result.getFlashMap().get("notice"))).contains("opened"));
        var dispute = Pattern.compile("/disputes/(\\d+)/resolve").matcher(page(platform, location));
        assertThat(dispute.find()).as("platform finance may resolve it").isTrue();
        mvc.perform(post(location + "/disputes/" + dispute.group(1) + "/resolve").session(platform).with(csrf())
                        .param("adjustment", "5.00").param("to", "BUYER").param("resolution", "half an hour refunded"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(String.valueOf(result.getFlashMap().get("notice")))
                        .contains("booked in period", "TRUE_UP run"));
        mvc.perform(post(location + "/true-up").session(platform).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(String.valueOf(result.getFlashMap().get("notice")))
                        .contains("Run 3 (TRUE_UP) recorded: 2 lines changed"));
        assertThat(page(platform, location)).contains("PRELIMINARY", "FINAL", "TRUE_UP");

        String shcc = page(signIn("finance@shcc.demo"), location);
        assertThat(shcc).contains("Sold", "/reports/SHCC.csv").doesNotContain("/reports/ACME");
        assertThat(page(signIn("finance@nova.demo"), location)).contains("No statement for your organization");

        String providers = mvc.perform(get("/providers")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(providers).contains("Delivered <strong>100.0%</strong> of contracted GPU-time",
                "No delivered contracts yet");

        mvc.perform(post("/finance/periods").session(acme).with(csrf())
                        .param("start", "2020-01-01T00:00").param("end", "2020-01-02T00:00"))
                .andExpect(forwardedUrl("/error"));
    }

    @Test
    void periodThatEndsInTheFutureIsRefusedOnTheForm() throws Exception {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        String page = mvc.perform(post("/finance/periods").session(signIn("finance@cpx.demo")).with(csrf())
                        .param("start", utcLocal(today.plus(Duration.ofDays(30))))
                        .param("end", utcLocal(today.plus(Duration.ofDays(31)))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("is in the future", "Open a settlement period");
    }

    @Test
    void traderIsRefusedTheFinancePages() throws Exception {
        MockHttpSession trader = signIn("trader@acme.demo");
        // The access-denied handler forwards to the error page with 403, which MockMvc records as a forward.
        mvc.perform(get("/finance").session(trader)).andExpect(forwardedUrl("/error"));
        mvc.perform(get("/finance/periods/1").session(trader)).andExpect(forwardedUrl("/error"));
        assertThat(page(trader, "/home")).doesNotContain("href=\"/finance\"");
    }

    @Test
    void nodeStatusAppearsAfterAHeartbeat() throws Exception {
        MockHttpSession ops = signIn("ops@shcc.demo");
        String cpid = nodes.nodes(identity.organizationByCode("SHCC").orElseThrow(), 0, 100).stream()
                .filter(n -> n.computeClass().equals("A100-SXM-80G") || n.computeClass().equals("H100-SXM-80G"))
                .findFirst().orElseThrow().cpid();
        String before = page(ops, "/nodes");
        assertThat(before).contains("badge-unknown", "no heartbeat yet");

        String beat = "{\"records\":[{\"cpid\":\"" + cpid + "\",\"at\":\"" + clock.instant().truncatedTo(ChronoUnit.SECONDS)
                + "\",\"status\":\"DEGRADED\",\"gpuUtilization\":\"0.72\"}]}";
        mvc.perform(post("/api/v1/heartbeats").header("Authorization", "Bearer demo-shcc-key")
                        .contentType(MediaType.APPLICATION_JSON).content(beat))
                .andExpect(status().isOk());

        String after = page(ops, "/nodes");
        assertThat(after).contains("badge-degraded", "Degraded", "72%", "seen <time");
        assertThat(page(ops, "/providers")).containsAnyOf("of contracted GPU-time", "No delivered contracts yet");
    }

    /** SHCC sells 8 GPUs for the instrument's day to ACME, allocates a node, and both sides meter every hour. */
    private long tradeAndDeliver(InstrumentView instrument) throws Exception {
        String ask = "{\"clientOrderId\":\"fin-a\",\"instrument\":\"" + instrument.symbol() + "\",\"side\":\"SELL\","
                + "\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"2.00\",\"quantity\":8}";
        api("POST", "/api/v1/orders", "demo-shcc-key", ask, 201);
        String filled = api("POST", "/api/v1/orders", "demo-acme-key",
                ask.replace("fin-a", "fin-b").replace("SELL", "BUY"), 201);
        var contract = Pattern.compile("\"contractId\":(\\d+)").matcher(filled);
        assertThat(contract.find()).as(filled).isTrue();
        long contractId = Long.parseLong(contract.group(1));
        String cpid = nodes.nodes(identity.organizationByCode("SHCC").orElseThrow(), 0, 100).stream()
                .filter(n -> n.computeClass().equals(instrument.computeClass())
                        && n.region().equals(instrument.region()))
                .findFirst().orElseThrow().cpid();
        api("POST", "/api/v1/contracts/" + contractId + "/allocations", "demo-shcc-key",
                "{\"cpids\":[\"" + cpid + "\"]}", 200);

        clock.advance(Duration.between(clock.instant(), instrument.deliveryEnd()).plusHours(2));
        var provider = new ArrayList<String>();
        var buyer = new ArrayList<String>();
        long hours = Duration.between(instrument.deliveryStart(), instrument.deliveryEnd()).toHours();
        for (int h = 0; h < hours; h++) {
            Instant at = instrument.deliveryStart().plusSeconds(h * HOUR_SECONDS);
            provider.add(record("fp-" + h, contractId, cpid, at, 8 * HOUR_SECONDS));
            // The buyer reports half of the last hour: the discrepancy to dispute (an hourly instrument has one hour).
            buyer.add(record("fb-" + h, contractId, cpid, at, h == hours - 1 ? 4 * HOUR_SECONDS : 8 * HOUR_SECONDS));
        }
        api("POST", "/api/v1/usage", "demo-shcc-key", "{\"records\":[" + String.join(",", provider) + "]}", 200);
        api("POST", "/api/v1/usage", "demo-acme-key", "{\"records\":[" + String.join(",", buyer) + "]}", 200);
        return contractId;
    }

    private static String record(String id, long contractId, String cpid, Instant start, long gpuSeconds) {
        return "{\"recordId\":\"" + id + "\",\"contractId\":" + contractId + ",\"cpid\":\"" + cpid
                + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\"" + start.plusSeconds(HOUR_SECONDS)
                + "\",\"gpuSeconds\":" + gpuSeconds + "}";
    }

    private String api(String method, String path, String key, String json, int expected) throws Exception {
        var request = method.equals("POST") ? post(path) : get(path);
        return mvc.perform(request.header("Authorization", "Bearer " + key)
                        .contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().is(expected))
                .andReturn().getResponse().getContentAsString();
    }

    private InstrumentView firstOpen(String computeClass, String region) {
        return instruments.search(new InstrumentQuery(computeClass, region, InstrumentStatus.OPEN, null, null, 0, 50))
                .stream().min(Comparator.comparing(InstrumentView::deliveryStart)).orElseThrow();
    }

    private static String utcLocal(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
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
