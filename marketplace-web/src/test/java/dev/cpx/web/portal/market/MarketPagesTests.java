package dev.cpx.web.portal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The trading pages end to end on the demo data: an ask and a bid through the order ticket, the trade on the
 * instrument page, the orders, the contract and its allocation, the account, and the live feed.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:market-pages;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class MarketPagesTests {

    @Autowired
    WebApplicationContext context;
    @Autowired
    InstrumentService instruments;
    @Autowired
    ContractService contracts;
    @Autowired
    NodeService nodes;
    @Autowired
    IdentityService identity;
    @Autowired
    MarketService market;
    @Autowired
    dev.cpx.core.ledger.LedgerService ledger;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void askAndBidThroughTheTicketTradeAndTheContractIsAllocated() throws Exception {
        String symbol = openInstrument("H100-SXM-80G", "CN-EAST");
        MockHttpSession shcc = signIn("ops@shcc.demo");
        MockHttpSession acme = signIn("trader@acme.demo");

        assertThat(page(shcc, "/market/" + symbol)).contains("Order ticket", "name=\"clientOrderId\"", "value=\"SELL\"");
        mvc.perform(ticket(shcc, symbol, "SELL", "LIMIT", "GTC", "2.50", "8"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/market/" + symbol))
                .andExpect(result -> assertThat(((OrderMessages.Message) result.getFlashMap().get("placed")).text())
                        .contains("placed: resting 8 at 2.50"));

        mvc.perform(ticket(acme, symbol, "BUY", "LIMIT", "GTC", "2.50", "8"))
                .andExpect(status().is3xxRedirection())
                .andExpect(result -> assertThat(((OrderMessages.Message) result.getFlashMap().get("placed")).text())
                        .contains("FILLED 8 at 2.50"));

        String anonymous = mvc.perform(get("/market/" + symbol)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(anonymous).contains("Sign in to trade", "Recent trades", "2.50", "class=\"chart-line\"")
                .doesNotContain("No trades yet.");

        assertThat(page(acme, "/orders?status=all")).contains(symbol, "Filled", "1 fill", "fee <strong>0.10</strong>");
        assertThat(page(acme, "/contracts")).contains(symbol, "Not yet allocated", "<td class=\"num\">0.10</td>");
        // 8 GPUs x 1 h x 2.50 = 20.00; the buyer fee and the provider's (at settlement) are 0.5% of it.
        assertThat(page(acme, "/notifications")).contains(symbol, "Bought", "20.00", "0.10");
        assertThat(page(shcc, "/notifications")).contains(symbol, "Sold", "20.00", "0.10", "at settlement");
        String firstVisit = page(acme, "/notifications/fills");
        assertThat(firstVisit).contains("\"fills\":[]").doesNotContain(symbol);
        String since = page(acme, "/notifications/fills?after=0");
        assertThat(since).contains("\"instrument\":\"" + symbol + "\"", "\"side\":\"BUY\"", "\"quantity\":8",
                "\"price\":\"2.50\"", "\"fee\":\"0.10\"");
        assertThat(page(acme, "/account")).contains("Held for open bids", "20.00");

        ContractView contract = contracts.contracts(identity.organizationByCode("SHCC").orElseThrow(), 10).stream()
                .filter(c -> c.instrument().equals(symbol)).findFirst().orElseThrow();
        String shccContracts = page(shcc, "/contracts");
        assertThat(shccContracts).contains("Allocate selected nodes");
        String cpid = nodes.nodes(identity.organizationByCode("SHCC").orElseThrow(), 0, 100).stream()
                .filter(n -> n.computeClass().equals("H100-SXM-80G") && n.region().equals("CN-EAST"))
                .findFirst().orElseThrow().cpid();
        mvc.perform(post("/contracts/" + contract.contractId() + "/allocate").session(shcc).with(csrf())
                        .param("cpids", cpid))
                .andExpect(status().is3xxRedirection());
        assertThat(page(acme, "/contracts")).contains(cpid);
    }

    @Test
    void aBankTransferTopUpIsMadeFromTheAccountPageUnderItsReferenceOnceForADoubleSubmit() throws Exception {
        MockHttpSession acme = signIn("finance@acme.demo");
        assertThat(page(acme, "/account")).contains("href=\"/account/top-up\"");
        assertThat(page(acme, "/account/top-up")).contains("Pay by bank transfer", "Create bank transfer", "ACME");

        String tooSmall = mvc.perform(topUp(acme, "0.50", "page-key-1")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(tooSmall).contains("a top-up is between 1.00 and");
        long first = (Long) mvc.perform(topUp(acme, "1,250.00", "page-key-2"))
                .andExpect(redirectedUrl("/account/top-up")).andReturn().getFlashMap().get("created");
        long again = (Long) mvc.perform(topUp(acme, "1,250.00", "page-key-2"))
                .andExpect(redirectedUrl("/account/top-up")).andReturn().getFlashMap().get("created");
        assertThat(again).as("the same form sent twice is one top-up").isEqualTo(first);

        String shown = mvc.perform(get("/account/top-up").session(acme).flashAttr("created", first))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(shown).contains("CPX-TOPUP-" + first, "1,250.00 USD", "Awaiting transfer");
    }

    @Test
    void refusedTicketIsShownAgainWithTheReason() throws Exception {
        String symbol = openInstrument("A100-SXM-80G", "CN-EAST");
        MockHttpSession nova = signIn("trader@nova.demo");

        String badTick = mvc.perform(ticket(nova, symbol, "BUY", "LIMIT", "GTC", "2.505", "1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(badTick).contains("more than 2 decimals");

        // 100 GPUs x 1 h x 720.00 = 72,000.00, more than NOVA has.
        String noFunds = mvc.perform(ticket(nova, symbol, "BUY", "LIMIT", "GTC", "720.00", "100"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(noFunds).contains("Insufficient funds");
    }

    @Test
    void spendLimitsAreSetOnTheAccountPageAndATicketPastThemSaysWhy() throws Exception {
        String symbol = openInstrument("A100-SXM-80G", "CN-EAST");
        MockHttpSession acme = signIn("trader@acme.demo");
        assertThat(page(acme, "/account")).contains("Spend limits", "Save limits");

        String unreadable = mvc.perform(limits(acme, "ten", "")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        mvc.perform(limits(acme, "10.00", " ")).andExpect(redirectedUrl("/account"));
        String saved = mvc.perform(get("/account").session(acme).flashAttr("limitsSaved", true))
                .andReturn().getResponse().getContentAsString();
        String refused = mvc.perform(ticket(acme, symbol, "BUY", "LIMIT", "GTC", "24.00", "1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        mvc.perform(limits(acme, "", "")).andExpect(redirectedUrl("/account"));

        assertThat(unreadable).contains("enter an amount such as 2500.00, or leave it empty for no limit");
        assertThat(saved).contains("Spend limits saved", "10.00");
        // One GPU for its hour at 24.00 may cost 24.00 and the fee.
        assertThat(refused).contains("over the limit of 10.00 per order");
        assertThat(page(signIn("ops@gzdh.demo"), "/account")).doesNotContain("Spend limits");
        mvc.perform(limits(signIn("ops@gzdh.demo"), "1.00", "")).andExpect(forwardedUrl("/error"));
    }

    @Test
    void theWalletHistoryShowsEachMovementWithTheBalanceAfterItAndDownloadsAsCsv() throws Exception {
        String symbol = openInstrument("A100-SXM-80G", "CN-EAST");
        MockHttpSession nova = signIn("trader@nova.demo");
        // 2 GPUs x 1 h x 24.00.
        mvc.perform(ticket(nova, symbol, "BUY", "LIMIT", "GTC", "24.00", "2")).andExpect(status().is3xxRedirection());

        String page = page(nova, "/account/history");
        String csv = mvc.perform(get("/account/history.csv").session(nova)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String[] lines = csv.split("\n");
        long available = ledger.balances(identity.organizationByCode("NOVA").orElseThrow().id()).availableMinor();

        assertThat(page).contains("Wallet history", "HOLD");
        assertThat(lines[0]).isEqualTo("entry,at,kind,reference,amount,balance");
        assertThat(lines[1]).as("the newest movement, a hold of 48.00 and its fee").contains(",HOLD,", ",-48.24,")
                .endsWith("," + dev.cpx.core.money.Money.format(available));
        // Each balance is the next (older) one plus this movement.
        for (int i = 1; i + 1 < lines.length; i++) {
            String[] newer = lines[i].split(",");
            String[] older = lines[i + 1].split(",");
            assertThat(new java.math.BigDecimal(newer[5])).isEqualByComparingTo(
                    new java.math.BigDecimal(older[5]).add(new java.math.BigDecimal(newer[4])));
        }
        assertThat(page(nova, "/account/history?from=2000-01-01&to=2000-01-02")).contains("No movements in this range");
    }

    @Test
    void unknownInstrumentIsNotFound() throws Exception {
        mvc.perform(get("/market/NOPE.NOWHERE.2000-01-01")).andExpect(status().isNotFound());
    }

    @Test
    void liveFeedIsAnEventStreamStartingWithTheBookAndFollowingItsUpdates() throws Exception {
        String symbol = openInstrument("L40S-48G", "CN-NORTH");
        var result = mvc.perform(get("/market/" + symbol + "/stream"))
                .andExpect(request().asyncStarted())
                .andExpect(content().contentTypeCompatibleWith("text/event-stream"))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).contains("event:market", "\"symbol\":\"" + symbol + "\"");

        market.place(new PlaceOrder(identity.organizationByCode("SHCC").orElseThrow(), "feed-test-ask", symbol,
                Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 777L, 2));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(result.getResponse()
                .getContentAsString()).contains("\"asks\":[{\"price\":\"7.77\",\"quantity\":2,\"orderCount\":1}]"));
    }

    @Test
    void capacityPageListsOpenDaysOfTheProvidersClasses() throws Exception {
        assertThat(page(signIn("ops@gzdh.demo"), "/capacity")).contains("MI300X-192G", "CN-WEST", "Offer");
        // The access-denied handler forwards to the error page with 403, which MockMvc records as a forward.
        mvc.perform(get("/capacity").session(signIn("trader@acme.demo"))).andExpect(forwardedUrl("/error"));
    }

    /** Of the next 50 open hours the last: its gate is two days away, so it stays open while a test runs. */
    private String openInstrument(String computeClass, String region) {
        return instruments.search(new InstrumentQuery(computeClass, region, InstrumentStatus.OPEN, null, null, 0, 50))
                .stream().max(Comparator.comparing(i -> i.deliveryStart())).orElseThrow().symbol();
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

    private org.springframework.test.web.servlet.RequestBuilder topUp(MockHttpSession session, String amount,
                                                                      String requestKey) {
        return post("/account/top-ups").session(session).with(csrf()).param("amount", amount)
                .param("requestKey", requestKey);
    }

    private org.springframework.test.web.servlet.RequestBuilder limits(MockHttpSession session, String perOrder,
                                                                       String perDay) {
        return post("/account/spend-limits").session(session).with(csrf()).param("perOrder", perOrder)
                .param("perDay", perDay);
    }

    private org.springframework.test.web.servlet.RequestBuilder ticket(MockHttpSession session, String symbol,
                                                                       String side, String type, String tif,
                                                                       String price, String quantity) {
        return post("/market/" + symbol + "/orders").session(session).with(csrf())
                .param("clientOrderId", "web-test-" + System.nanoTime())
                .param("side", side).param("type", type).param("timeInForce", tif)
                .param("price", price).param("quantity", quantity);
    }
}
