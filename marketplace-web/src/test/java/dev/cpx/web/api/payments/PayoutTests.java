package dev.cpx.web.api.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.prowidesoftware.swift.model.mx.MxPain00100109;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.settlement.alerts.AlertJob;
import dev.cpx.settlement.payout.PayoutSender;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Payouts of a settled day through the API: SHCC is paid over Stripe Connect (the real Stripe client against a
 * local Stripe-compatible server that fails first), GZDH in an ISO 20022 bank file read back with the prowide
 * model; ACME's open dispute on SHCC's contract is withheld; every payout is made, debited and sent once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayoutTests {

    /** {@code cpx.market.horizon-days}: the calendar lists hourly instruments up to today + 13. */
    private static final int HORIZON_DAYS = 14;

    private static final String ACME = "demo-acme-key";
    private static final String SHCC = "demo-shcc-key";
    private static final String GZDH = "demo-gzdh-key";
    private static final String PLATFORM = "demo-admin-key";
    private static final long HOUR = 3600;
    private static final String GZDH_IBAN = "GB82WEST12345698765432";
    private static final String GZDH_BIC = "NWBKGB2L";
    private static final FakeStripe STRIPE;
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        try {
            STRIPE = new FakeStripe();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        SMTP.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:payouts;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
        registry.add("cpx.payments.stripe-secret-key", () -> "sk_test_cpx");
        registry.add("cpx.payments.stripe-api-base", STRIPE::baseUrl);
        registry.add("cpx.payments.stripe-webhook-secret", () -> "whsec_test_cpx");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        STRIPE.close();
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LedgerService ledger;
    @Autowired
    PayoutSender sender;
    @Autowired
    AlertJob alerts;
    @Autowired
    Clock clock;
    @Autowired
    dev.cpx.core.market.MarketService market;
    @Autowired
    dev.cpx.core.identity.IdentityService identity;
    @Autowired
    dev.cpx.core.identity.ApiKeyService apiKeys;

    private Browser http;
    private long periodId;
    private Instant periodStart;
    private long shccAvailableBeforePayout;
    private long gzdhAvailableBeforePayout;
    /** A provider that sets its payout account only after the period's first payouts. */
    private String zforKey;
    /** A provider whose Stripe account cannot receive transfers. */
    private String yforKey;

    @BeforeAll
    void settleADay() {
        http = new Browser(port);
        // A day-long delivery keeps the figures whole days of GPU-hours: a daily instrument as versions before hourly
        // instruments listed them, the day after the calendar's horizon (today + 13), so no hourly one overlaps it.
        LocalDate day = LocalDate.now(clock).plusDays(HORIZON_DAYS);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        periodStart = start;
        listDailyInstruments(start, "H100-SXM-80G.CN-EAST", "RTX4090-24G.CN-SOUTH");
        long shccContract = trade(SHCC, ACME, "H100-SXM-80G.CN-EAST." + day, "2.00", "p-shcc");
        long gzdhContract = trade(GZDH, ACME, "RTX4090-24G.CN-SOUTH." + day, "0.50", "p-gzdh");
        zforKey = lateProvider("ZFOR");
        String zforNode = Cpid.of("CN-EAST", "ZFOR", "ZF01", "N0001").value();
        call("POST", "/nodes", zforKey, "{\"cpid\":\"" + zforNode + "\",\"computeClass\":\"H100-SXM-80G\",\"gpuCount\":8}",
                201);
        long zforContract = trade(zforKey, ACME, "H100-SXM-80G.CN-EAST." + day, "2.00",
                "p-zfor");
        call("POST", "/contracts/" + zforContract + "/allocations", zforKey, "{\"cpids\":[\"" + zforNode + "\"]}", 200);
        yforKey = lateProvider("YFOR");
        String yforNode = Cpid.of("CN-EAST", "YFOR", "YF01", "N0001").value();
        call("POST", "/nodes", yforKey, "{\"cpid\":\"" + yforNode + "\",\"computeClass\":\"H100-SXM-80G\",\"gpuCount\":8}",
                201);
        long yforContract = trade(yforKey, ACME, "H100-SXM-80G.CN-EAST." + day, "2.00",
                "p-yfor");
        call("POST", "/contracts/" + yforContract + "/allocations", yforKey, "{\"cpids\":[\"" + yforNode + "\"]}", 200);
        String shccNode = Cpid.of("CN-EAST", "SHCC", "SH01", "N0001").value();
        String gzdhNode = Cpid.of("CN-SOUTH", "GZDH", "GZ01", "N0001").value();
        call("POST", "/contracts/" + shccContract + "/allocations", SHCC, "{\"cpids\":[\"" + shccNode + "\"]}", 200);
        call("POST", "/contracts/" + gzdhContract + "/allocations", GZDH, "{\"cpids\":[\"" + gzdhNode + "\"]}", 200);
        call("POST", "/admin/clock", PLATFORM, "{\"advanceBy\":\"P" + (HORIZON_DAYS + 1) + "DT2H\"}", 200);
        usage(SHCC, "p-shcc", shccContract, shccNode, start, List.of(24L), List.of(8L));
        usage(ACME, "b-shcc", shccContract, shccNode, start, List.of(3L, 1L, 20L), List.of(8L, 4L, 8L));
        usage(GZDH, "p-gzdh", gzdhContract, gzdhNode, start, List.of(24L), List.of(8L));
        usage(zforKey, "p-zfor", zforContract, zforNode, start, List.of(24L), List.of(8L));
        usage(ACME, "b-zfor", zforContract, zforNode, start, List.of(24L), List.of(8L));
        usage(yforKey, "p-yfor", yforContract, yforNode, start, List.of(24L), List.of(8L));
        usage(ACME, "b-yfor", yforContract, yforNode, start, List.of(24L), List.of(8L));
        usage(ACME, "b-gzdh", gzdhContract, gzdhNode, start, List.of(24L), List.of(8L));
        String period = "{\"periodStart\":\"" + start + "\",\"periodEnd\":\"" + start.plusSeconds(24 * HOUR) + "\"}";
        periodId = call("POST", "/settlement/periods", PLATFORM, period, 201).json().get("periodId").asLong();
        call("POST", "/settlement/periods/" + periodId + "/close", PLATFORM, null, 200);
        String discrepancy = call("GET", "/settlement/periods/" + periodId + "/discrepancies", PLATFORM, null, 200)
                .json().valueStream().filter(d -> d.get("contractId").asLong() == shccContract).findFirst()
                .orElseThrow().get("discrepancyId").asString();
        call("POST", "/settlement/discrepancies/" + discrepancy + "/disputes", ACME,
                "{\"reason\":\"four GPUs were down for an hour\"}", 201);
        call("PUT", "/organization/alerts", SHCC, "{\"email\":\"finance@shcc.example\"}", 200);
        shccAvailableBeforePayout = available(SHCC);
        gzdhAvailableBeforePayout = available(GZDH);
    }

    @Test
    @Order(1)
    void payoutsWaitForAnAccountAndAreRefusedWhileAPeriodIsOpen() {
        assertThat(call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 200).json().size())
                .as("no organization said where its payouts go").isZero();
        assertThat(call("POST", "/settlement/periods/" + periodId + "/payouts", SHCC, null, 403).json()
                .get("status").asInt()).isEqualTo(403);
        assertThat(call("PUT", "/organization/payout-account", ACME, "{\"rail\":\"BANK_FILE\"}", 403).status())
                .as("a buyer receives no payouts").isEqualTo(403);
        JsonNode invalid = call("PUT", "/organization/payout-account", GZDH,
                "{\"rail\":\"BANK_FILE\",\"accountHolder\":\"Guizhou DataHub\",\"iban\":\"GB00WEST12345698765432\","
                        + "\"bic\":\"no\"}", 400).json();
        assertThat(invalid.findValuesAsString("field")).containsExactlyInAnyOrder("iban", "bic");
        assertThat(call("GET", "/organization/payout-account", GZDH, null, 404).status()).isEqualTo(404);

        call("PUT", "/organization/payout-account", SHCC, "{\"rail\":\"STRIPE_CONNECT\",\"stripeAccountId\":"
                + "\"acct_1ShccTest\"}", 200);
        call("PUT", "/organization/payout-account", GZDH, "{\"rail\":\"BANK_FILE\",\"accountHolder\":\"Guizhou "
                + "DataHub\",\"iban\":\"GB82 WEST 1234 5698 7654 32\",\"bic\":\"nwbkgb2l\"}", 200);
        assertThat(call("GET", "/organization/payout-account", GZDH, null, 200).json().get("iban").asString())
                .isEqualTo(GZDH_IBAN);

        Instant next = periodStart.minusSeconds(24 * HOUR);
        long open = call("POST", "/settlement/periods", PLATFORM, "{\"periodStart\":\"" + next + "\",\"periodEnd\":\""
                + next.plusSeconds(24 * HOUR) + "\"}", 201).json().get("periodId").asLong();
        assertThat(call("POST", "/settlement/periods/" + open + "/payouts", PLATFORM, null, 409).json().get("detail")
                .asString()).contains("is open");
        call("POST", "/settlement/periods/999999/payouts", PLATFORM, null, 404);
    }

    @Test
    @Order(2)
    void eachProviderIsPaidItsNetLessWhatItsOpenDisputesWithholdAndTheWalletIsDebitedOnce() {
        STRIPE.failNextTransfer(500);
        STRIPE.failNextTransfer(429); // stripe-java retries once itself: the janitor's later call is the third
        Reply created = call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 201);
        Map<String, JsonNode> byOrganization = byOrganization(created.json());
        assertThat(byOrganization).containsOnlyKeys("SHCC", "GZDH");

        Map<String, Long> net = new java.util.HashMap<>();
        call("GET", "/settlement/periods/" + periodId + "/netting", PLATFORM, null, 200).json().get("net")
                .properties().forEach(e -> net.put(e.getKey(), minor(e.getValue().asString())));
        Map<String, Long> withheld = call("GET", "/settlement/periods/" + periodId + "/statements", PLATFORM, null,
                200).json().valueStream().collect(Collectors.toMap(s -> s.get("organization").asString(),
                s -> minor(s.get("withheld").asString())));
        JsonNode shcc = byOrganization.get("SHCC");
        JsonNode gzdh = byOrganization.get("GZDH");
        assertThat(withheld.get("SHCC")).as("ACME's open dispute withholds from SHCC").isPositive();
        assertThat(minor(shcc.get("withheld").asString())).isEqualTo(withheld.get("SHCC"));
        assertThat(minor(shcc.get("amount").asString())).isEqualTo(net.get("SHCC") - withheld.get("SHCC"));
        assertThat(minor(gzdh.get("withheld").asString())).isZero();
        assertThat(minor(gzdh.get("amount").asString())).isEqualTo(net.get("GZDH"));
        assertThat(shcc.get("rail").asString()).isEqualTo("STRIPE_CONNECT");
        assertThat(gzdh.get("rail").asString()).isEqualTo("BANK_FILE");
        assertThat(shcc.get("status").asString()).as("Stripe failed twice").isEqualTo("PENDING");
        assertThat(shcc.get("debited").asBoolean()).isTrue();
        assertThat(STRIPE.transfersMade()).isZero();

        assertThat(shccAvailableBeforePayout - available(SHCC)).isEqualTo(minor(shcc.get("amount").asString()));
        assertThat(gzdhAvailableBeforePayout - available(GZDH)).isEqualTo(minor(gzdh.get("amount").asString()));

        Reply again = call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 200);
        assertThat(again.json().findValuesAsString("payoutId")).isEqualTo(created.json().findValuesAsString(
                "payoutId"));
        assertThat(shccAvailableBeforePayout - available(SHCC)).as("debited once")
                .isEqualTo(minor(shcc.get("amount").asString()));
        assertThat(ledger.journalSum()).isZero();
        assertReplaysTheSame();
    }

    @Test
    @Order(3)
    void theJanitorSendsTheTransferWithTheSameKeyOnceAndThePayoutSentAlertIsMailedOnce() throws Exception {
        long payoutId = payoutOf("SHCC").get("payoutId").asLong();
        int calls = transferCalls().size();
        sender.janitor();
        assertThat(transferCalls()).as("not due before retry-after").hasSize(calls);

        lapseClaims();
        sender.janitor();
        lapseClaims();
        sender.janitor();
        call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 200);

        JsonNode payout = call("GET", "/payouts/" + payoutId, SHCC, null, 200).json();
        assertThat(payout.get("status").asString()).isEqualTo("SENT");
        assertThat(payout.get("transferId").asString()).isEqualTo("tr_test_1");
        assertThat(STRIPE.transfersMade()).as("one transfer").isEqualTo(1);
        List<FakeStripe.Received> sent = transferCalls();
        assertThat(sent).hasSize(3).extracting(FakeStripe.Received::idempotencyKey)
                .containsOnly(sent.getFirst().idempotencyKey());
        assertThat(sent.getLast().body()).contains("destination=acct_1ShccTest", "amount="
                + minor(payout.get("amount").asString()), "metadata[cpx_payout_id]=" + payoutId);
        assertThat(balance("EXTERNAL:PAYOUTS")).isEqualTo(minor(payout.get("amount").asString()));

        alerts.deliver();
        alerts.notice();
        alerts.deliver();
        var mails = java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains("Payout of");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("[CPX] Payout of " + payout.get("amount").asString() + " "
                    + payout.get("currency").asString() + " sent");
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("finance@shcc.example");
        });
        assertThat(ledger.journalSum()).isZero();
    }

    @Test
    @Order(4)
    void theBankFileReadsBackWithTheSameAmountsAndAccountsAndIsTheSameOnEveryDownload() {
        JsonNode gzdh = payoutOf("GZDH");
        Reply file = download("/settlement/periods/" + periodId + "/payouts/pain001.xml", PLATFORM, 200);
        assertThat(file.contentType()).startsWith("application/xml");
        var message = MxPain00100109.parse(file.body());
        var initiation = message.getCstmrCdtTrfInitn();
        assertThat(initiation.getGrpHdr().getNbOfTxs()).isEqualTo("1");
        var instruction = initiation.getPmtInf().getFirst();
        assertThat(instruction.getDbtrAcct().getId().getIBAN()).isEqualTo("DE89370400440532013000");
        var credit = instruction.getCdtTrfTxInf().getFirst();
        assertThat(credit.getAmt().getInstdAmt().getValue()).isEqualByComparingTo(gzdh.get("amount").asString());
        assertThat(credit.getAmt().getInstdAmt().getCcy()).isEqualTo(gzdh.get("currency").asString());
        assertThat(credit.getCdtrAcct().getId().getIBAN()).isEqualTo(GZDH_IBAN);
        assertThat(credit.getCdtrAgt().getFinInstnId().getBICFI()).isEqualTo(GZDH_BIC);
        assertThat(credit.getCdtr().getNm()).isEqualTo("Guizhou DataHub");
        assertThat(credit.getPmtId().getEndToEndId()).isEqualTo("CPX-PAYOUT-" + gzdh.get("payoutId").asLong());
        assertThat(initiation.getGrpHdr().getCtrlSum()).isEqualByComparingTo(gzdh.get("amount").asString());

        assertThat(download("/settlement/periods/" + periodId + "/payouts/pain001.xml", PLATFORM, 200).body())
                .isEqualTo(file.body());
        JsonNode sent = call("GET", "/payouts/" + gzdh.get("payoutId").asLong(), GZDH, null, 200).json();
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("bankFileId").asString()).isEqualTo(initiation.getGrpHdr().getMsgId());
        assertThat(balance("PLATFORM:PAYOUTS-IN-TRANSIT")).as("both payouts left").isZero();
        assertThat(ledger.journalSum()).isZero();
        download("/settlement/periods/" + periodId + "/payouts/pain001.xml", GZDH, 403);
    }

    @Test
    @Order(5)
    void theRemittanceAdviceAddsUpToThePayoutAndEachOrganizationSeesOnlyItsOwn() {
        JsonNode shcc = payoutOf("SHCC");
        long id = shcc.get("payoutId").asLong();
        JsonNode advice = call("GET", "/payouts/" + id + "/remittance", SHCC, null, 200).json();
        long lines = advice.get("lines").valueStream().mapToLong(l -> minor(l.get("net").asString())).sum();
        long withheld = advice.get("withheld").valueStream().mapToLong(w -> minor(w.get("withheld").asString())).sum();
        assertThat(lines).isEqualTo(minor(shcc.get("receivable").asString()));
        assertThat(lines - withheld).isEqualTo(minor(shcc.get("amount").asString()));
        Reply csv = download("/payouts/" + id + "/remittance.csv", SHCC, 200);
        assertThat(csv.body()).contains("amount," + shcc.get("amount").asString(), "contract_id,instrument,role");

        call("GET", "/payouts/" + id, GZDH, null, 404);
        call("GET", "/payouts/" + id + "/remittance", ACME, null, 404);
        assertThat(call("GET", "/payouts", SHCC, null, 200).json().findValuesAsString("organization"))
                .containsOnly("SHCC");
        assertThat(call("GET", "/payouts", ACME, null, 200).json().size()).isZero();
        assertThat(call("GET", "/payouts?periodId=" + periodId, PLATFORM, null, 200).json()
                .findValuesAsString("organization")).containsExactlyInAnyOrder("SHCC", "GZDH");
    }

    @Test
    @Order(6)
    void aLaterAccountIsPaidOnTheNextCallAndStripesTransferEventSettlesAPayoutWhoseCallGotNoAnswerOnce()
            throws Exception {
        List<String> before = call("GET", "/payouts?periodId=" + periodId, PLATFORM, null, 200).json()
                .findValuesAsString("payoutId");
        call("PUT", "/organization/payout-account", zforKey, "{\"rail\":\"STRIPE_CONNECT\",\"stripeAccountId\":"
                + "\"acct_1ZforTest\"}", 200);
        STRIPE.failNextTransfer(503);
        STRIPE.failNextTransfer(503);
        Reply made = call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 201);
        JsonNode zfor = byOrganization(made.json()).get("ZFOR");
        assertThat(made.json().findValuesAsString("payoutId")).as("the earlier payouts again, and ZFOR's")
                .containsAll(before).hasSize(before.size() + 1);
        assertThat(zfor.get("status").asString()).isEqualTo("PENDING");
        long id = zfor.get("payoutId").asLong();
        long amount = minor(zfor.get("amount").asString());
        long external = balance("EXTERNAL:PAYOUTS");

        String payload = """
                {"id":"evt_transfer_1","object":"event","api_version":"%s","created":%d,"livemode":false,
                 "type":"transfer.created","data":{"object":{"id":"tr_from_event","object":"transfer","amount":%d,
                 "currency":"usd","destination":"acct_1ZforTest","metadata":{"cpx_payout_id":"%d"}}}}"""
                .formatted(com.stripe.Stripe.API_VERSION, Instant.now().getEpochSecond(), amount, id);
        long now = Instant.now().getEpochSecond();
        assertThat(webhook(payload, now).get("result").asString()).isEqualTo("applied");
        assertThat(webhook(payload, now).get("result").asString()).isEqualTo("duplicate");
        String again = payload.replace("evt_transfer_1", "evt_transfer_2");
        webhook(again, now);

        JsonNode sent = call("GET", "/payouts/" + id, zforKey, null, 200).json();
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("transferId").asString()).isEqualTo("tr_from_event");
        int calls = transferCalls().size();
        lapseClaims();
        sender.janitor();
        assertThat(transferCalls()).as("nothing left to send").hasSize(calls);
        assertThat(balance("EXTERNAL:PAYOUTS") - external).as("sent once").isEqualTo(amount);
        assertThat(ledger.journalSum()).isZero();
        assertReplaysTheSame();
    }

    @Test
    @Order(7)
    void aTransferStripeRefusesForGoodFailsThePayoutAndReturnsItsAmountToTheWallet() {
        call("PUT", "/organization/payout-account", yforKey, "{\"rail\":\"STRIPE_CONNECT\",\"stripeAccountId\":"
                + "\"acct_refused\"}", 200);
        long before = available(yforKey);
        long inTransit = balance("PLATFORM:PAYOUTS-IN-TRANSIT");

        JsonNode yfor = byOrganization(call("POST", "/settlement/periods/" + periodId + "/payouts", PLATFORM, null,
                201).json()).get("YFOR");

        assertThat(yfor.get("status").asString()).isEqualTo("FAILED");
        assertThat(yfor.get("failure").asString()).contains("cannot receive transfers");
        assertThat(available(yforKey)).as("the amount went back to the wallet").isEqualTo(before);
        assertThat(balance("PLATFORM:PAYOUTS-IN-TRANSIT")).isEqualTo(inTransit);
        lapseClaims();
        sender.janitor();
        assertThat(call("GET", "/payouts/" + yfor.get("payoutId").asLong(), yforKey, null, 200).json().get("status")
                .asString()).as("a failed payout is not sent again").isEqualTo("FAILED");
        assertThat(ledger.journalSum()).isZero();
        assertReplaysTheSame();
    }

    /**
     * Every journaled command, the payouts' debits and refusals among them, answers the same when replayed, and the
     * replay ends in the state the tables hold.
     */
    private void assertReplaysTheSame() {
        var audit = market.auditJournal();
        assertThat(audit.gaps()).as("%s", audit).isZero();
        assertThat(audit.outcomeMismatches()).as("%s", audit).isZero();
        // After a settled day with the clock moved on: the instruments closed since are forgotten by the replay as
        // a rebuild does not load them.
        assertThat(audit.differingParts()).as("%s", audit).isEmpty();
        assertThat(audit.consistent()).as("%s", audit).isTrue();
    }

    private void listDailyInstruments(Instant dayStart, String... classAndRegion) {
        for (String pair : classAndRegion) {
            String[] parts = pair.split("\\.");
            jdbc.sql("insert into instrument (symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                            + "gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(pair + "." + LocalDate.ofInstant(dayStart, ZoneOffset.UTC), parts[0], parts[1],
                            java.time.LocalDateTime.ofInstant(dayStart, ZoneOffset.UTC),
                            java.time.LocalDateTime.ofInstant(dayStart.plusSeconds(24 * HOUR), ZoneOffset.UTC),
                            java.time.LocalDateTime.ofInstant(dayStart.minusSeconds(HOUR), ZoneOffset.UTC),
                            java.time.LocalDateTime.now(ZoneOffset.UTC))
                    .update();
        }
    }

    private String lateProvider(String code) {
        var organization = identity.createOrganization(new dev.cpx.core.identity.NewOrganization(code, code
                + " Provider", false, true, false, 0));
        return apiKeys.issue(organization.id(), "Payout tests", java.util.Set.of(
                dev.cpx.core.identity.ApiKeyPermission.TRADE, dev.cpx.core.identity.ApiKeyPermission.METER,
                dev.cpx.core.identity.ApiKeyPermission.READ, dev.cpx.core.identity.ApiKeyPermission.FINANCE), null)
                .secret();
    }

    private JsonNode webhook(String payload, long timestamp) throws Exception {
        Reply reply = http.sendJson("POST", "/api/v1/payments/stripe/webhook", payload, "Stripe-Signature",
                StripeTopUpTests.sign(payload, timestamp));
        assertThat(reply.status()).as("webhook: %s", reply).isEqualTo(200);
        return reply.json();
    }

    private JsonNode payoutOf(String organization) {
        return call("GET", "/payouts?periodId=" + periodId, PLATFORM, null, 200).json().valueStream()
                .filter(p -> p.get("organization").asString().equals(organization)).findFirst().orElseThrow();
    }

    private void lapseClaims() {
        jdbc.sql("update payout set claimed_until = ? where claimed_until is not null")
                .param(java.time.LocalDateTime.of(2000, 1, 1, 0, 0)).update();
    }

    private List<FakeStripe.Received> transferCalls() {
        return STRIPE.received().stream().filter(r -> r.path().equals("/v1/transfers")).toList();
    }

    private long balance(String account) {
        return jdbc.sql("select balance_minor from ledger_account where code = ?").param(account).query(Long.class)
                .single();
    }

    private long available(String key) {
        return minor(call("GET", "/account", key, null, 200).json().get("available").asString());
    }

    private static long minor(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }

    private static Map<String, JsonNode> byOrganization(JsonNode payouts) {
        return payouts.valueStream().collect(Collectors.toMap(p -> p.get("organization").asString(), p -> p));
    }

    private long trade(String seller, String buyer, String symbol, String price, String name) {
        place(seller, symbol, "SELL", price, name + "-ask");
        JsonNode bid = place(buyer, symbol, "BUY", price, name + "-bid");
        assertThat(bid.get("status").asString()).as("%s filled: %s", name, bid).isEqualTo("FILLED");
        return bid.get("trades").get(0).get("contractId").asLong();
    }

    private JsonNode place(String key, String symbol, String side, String price, String clientOrderId) {
        return call("POST", "/orders", key, "{\"clientOrderId\":\"" + clientOrderId + "\",\"instrument\":\"" + symbol
                + "\",\"side\":\"" + side + "\",\"type\":\"LIMIT\",\"price\":\"" + price + "\",\"quantity\":8}", 201)
                .json();
    }

    /** Consecutive records from {@code start}: {@code hours[i]} hours at {@code gpus[i]} GPUs each. */
    private void usage(String key, String prefix, long contractId, String cpid, Instant start, List<Long> hours,
                       List<Long> gpus) {
        var records = new ArrayList<String>();
        for (int i = 0; i < hours.size(); i++) {
            Instant end = start.plusSeconds(hours.get(i) * HOUR);
            records.add("{\"recordId\":\"" + prefix + "-" + i + "\",\"contractId\":" + contractId + ",\"cpid\":\""
                    + cpid + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\"" + end + "\",\"gpuSeconds\":"
                    + hours.get(i) * gpus.get(i) * HOUR + "}");
            start = end;
        }
        JsonNode receipt = call("POST", "/usage", key, "{\"records\":[" + String.join(",", records) + "]}", 200).json();
        assertThat(receipt.get("rejected").size()).as("%s usage refused: %s", prefix, receipt).isZero();
    }

    private Reply download(String path, String key, int expected) {
        Reply reply = http.get("/api/v1" + path, "Authorization", Browser.bearer(key));
        assertThat(reply.status()).as("GET %s: %s", path, reply).isEqualTo(expected);
        return reply;
    }

    private Reply call(String method, String path, String key, String body, int expected) {
        Reply reply = body == null && method.equals("GET")
                ? http.get("/api/v1" + path, "Authorization", Browser.bearer(key), "Accept", "application/json")
                : http.sendJson(method, "/api/v1" + path, body, "Authorization", Browser.bearer(key));
        assertThat(reply.status()).as("%s %s: %s", method, path, reply).isEqualTo(expected);
        return reply;
    }
}
