package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.MarketCalendar;
import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.NewOrganization;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The objects the authorization matrix fills paths with, built through the API on the demo data: for ACME
 * (buyer), SHCC (buyer and provider) and GZDH (provider) a cancelled order, a contract, a closed period with their
 * statements, a disputed discrepancy, a confirmed top-up, a revoked API key and a retired node; and the same kinds
 * of another organization, NOVA (a buyer no column calls as) trading with XFOR (a provider created here), left live
 * so that a caller acting on them would change them: a resting order, a contract awaiting allocation, an undisputed
 * discrepancy, an open dispute, an active key and a free node.
 */
final class MatrixWorld {

    static final String UNKNOWN_SYMBOL = "NO-SUCH-INSTRUMENT";
    private static final String ACME = "demo-acme-key";
    private static final String NOVA = "demo-nova-key";
    private static final String SHCC = "demo-shcc-key";
    private static final String GZDH = "demo-gzdh-key";
    private static final String PLATFORM = "demo-admin-key";
    private static final long HOUR = 3600;
    /** A 24th of an hour: the usage records cut the contracts' delivery hour into slices. */
    private static final long SLICE = HOUR / 24;
    private static final String LIVE_BID = "1.50";
    /** A new price for the resting foreign bid that the market would accept. */
    static final String AMENDED_PRICE = "1.40";

    /** Whose object a caller gets whose organization owns none of that kind (or who has no organization). */
    private static final List<String> FALLBACK = List.of("ACME", "SHCC", "GZDH");

    /** By path variable name, the object each organization owns; see {@link #FALLBACK} for the others. */
    private final Map<String, Map<String, String>> own = new HashMap<>();
    private final Map<String, String> foreign = new HashMap<>();
    private final Browser browser;
    private final ApiKeyService apiKeys;
    private final IdentityService identity;
    private String xforKey;
    private Instant periodStart;
    private long periodId;
    private String openSymbol;
    /** NOVA's trader: the person an administrator's user pages and forms name. */
    private long novaTraderId;
    private String spareNode;

    private MatrixWorld(int port, ApiKeyService apiKeys, IdentityService identity) {
        this.browser = new Browser(port);
        this.apiKeys = apiKeys;
        this.identity = identity;
    }

    static MatrixWorld build(int port, ApiKeyService apiKeys, IdentityService identity, Clock clock) {
        var world = new MatrixWorld(port, apiKeys, identity);
        world.foreignProvider();
        world.settledDay(LocalDate.now(clock).plusDays(2));
        // Settling moved the clock past that day: the live market trades two days after the new today.
        world.liveMarket(LocalDate.now(clock).plusDays(2));
        world.topUps();
        world.payouts();
        world.keys();
        world.retiredNodes();
        return world;
    }

    /** The value of path variable {@code name} for a caller of {@code organization} (null: no organization). */
    String own(String name, String organization) {
        Map<String, String> byOrganization = own.get(name);
        if (byOrganization == null) {
            return fixed(name);
        }
        String value = organization == null ? null : byOrganization.get(organization);
        return value != null ? value : FALLBACK.stream().map(byOrganization::get).filter(v -> v != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("no organization owns a {" + name + "}"));
    }

    /** The value of path variable {@code name} naming another organization's object. */
    String foreign(String name) {
        String value = foreign.get(name);
        return value != null ? value : fixed(name);
    }

    private String fixed(String name) {
        return switch (name) {
            case "periodId" -> Long.toString(periodId);
            case "symbol" -> openSymbol;
            case "code" -> "SHCC";
            case "extension" -> "csv";
            case "run" -> "2";
            // No organization owns this quote: a buyer let in is answered 404, anyone else refused first.
            case "quoteId" -> "00000000-0000-0000-0000-000000000000";
            case "userId" -> Long.toString(novaTraderId);
            default -> throw new IllegalArgumentException("the matrix cannot fill path variable {" + name + "}");
        };
    }

    /** A node of SHCC that the live foreign contract could take: what a caller would allocate to it. */
    String spareNode() {
        return spareNode;
    }

    /** The other organization's live objects, read again: what a caller that reached them would have changed. */
    LiveObjects liveObjects() {
        JsonNode order = call("GET", "/api/v1/orders/" + foreign.get("orderId"), NOVA, null, 200).json();
        JsonNode contract = contract(NOVA, Long.parseLong(foreign.get("contractId")));
        List<String> disputes = call("GET", "/api/v1/settlement/disputes", PLATFORM, null, 200).json().valueStream()
                .map(d -> d.get("discrepancyId").asString() + ":" + d.get("status").asString()).sorted().toList();
        boolean keyActive = apiKeys.list(organization("NOVA")).stream()
                .filter(k -> Long.toString(k.id()).equals(foreign.get("keyId"))).findFirst().orElseThrow().active();
        String node = call("GET", "/api/v1/nodes", xforKey, null, 200).json().valueStream()
                .filter(n -> n.get("cpid").asString().equals(foreign.get("cpid"))).findFirst().orElseThrow()
                .get("status").asString();
        return new LiveObjects(order.get("status").asString() + " " + order.get("price").asString() + " x "
                + order.get("remainingQuantity").asLong(), contract.get("allocations").toString(), disputes, keyActive,
                node);
    }

    /** What the other organization's live objects look like; equal before and after the matrix. */
    record LiveObjects(String order, String contractAllocations, List<String> disputes, boolean keyActive,
                       String nodeStatus) {
    }

    private void foreignProvider() {
        var xfor = identity.createOrganization(new NewOrganization("XFOR", "Foreign Provider", false, true, false, 0));
        xforKey = apiKeys.issue(xfor.id(), "Matrix XFOR", Set.of(ApiKeyPermission.TRADE, ApiKeyPermission.METER,
                ApiKeyPermission.READ), null).secret();
        for (String node : List.of("N0001", "N0002")) {
            String cpid = Cpid.of("CN-EAST", "XFOR", "XF01", node).value();
            call("POST", "/api/v1/nodes", xforKey, "{\"cpid\":\"" + cpid + "\",\"computeClass\":\"H100-SXM-80G\","
                    + "\"gpuCount\":8}", 201);
        }
        // Both serve NOVA's settled contract, which is over by the time the matrix runs: N0002 serves nothing to
        // come, so retiring it would succeed.
        foreign.put("cpid", Cpid.of("CN-EAST", "XFOR", "XF01", "N0002").value());
    }

    /** A node of each provider retired already: retiring it again is refused once the caller is let in. */
    private void retiredNodes() {
        String shcc = Cpid.of("CN-NORTH", "SHCC", "BJ01", "N0103").value();
        String gzdh = Cpid.of("CN-SOUTH", "GZDH", "GZ01", "N0002").value();
        call("POST", "/api/v1/nodes/" + shcc + "/retire", SHCC, null, 200);
        call("POST", "/api/v1/nodes/" + gzdh + "/retire", GZDH, null, 200);
        own.put("cpid", Map.of("SHCC", shcc, "GZDH", gzdh));
    }

    /**
     * Three contracts delivered in the first hour of {@code day} (ACME buys from SHCC, SHCC from GZDH, NOVA from
     * XFOR), metered
     * with one planted discrepancy on ACME's and two on NOVA's, settled in a closed period; ACME disputes its
     * discrepancy, NOVA one of its two.
     */
    private void settledDay(LocalDate day) {
        periodStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        String h100 = MarketCalendar.symbol("H100-SXM-80G", "CN-EAST", periodStart);
        long acmeContract = trade(SHCC, ACME, h100, "2.00", "settled-acme");
        // NOVA's 16 GPUs take both XFOR nodes: a one-hour contract shows two discrepancies on two nodes.
        long novaContract = trade(xforKey, NOVA, h100, "2.00", 16, "settled-nova");
        long shccContract = trade(GZDH, SHCC, MarketCalendar.symbol("RTX4090-24G", "CN-SOUTH", periodStart), "0.50",
                "settled-shcc");
        String shccNode = Cpid.of("CN-EAST", "SHCC", "SH01", "N0001").value();
        String xforNode = Cpid.of("CN-EAST", "XFOR", "XF01", "N0001").value();
        String xforNode2 = Cpid.of("CN-EAST", "XFOR", "XF01", "N0002").value();
        String gzdhNode = Cpid.of("CN-SOUTH", "GZDH", "GZ01", "N0001").value();
        allocate(SHCC, acmeContract, shccNode);
        allocate(xforKey, novaContract, xforNode, xforNode2);
        allocate(GZDH, shccContract, gzdhNode);
        call("POST", "/api/v1/admin/clock", PLATFORM, "{\"advanceBy\":\"P3DT2H\"}", 200);

        usage(SHCC, "p-acme", acmeContract, shccNode, List.of(24L), List.of(8L));
        usage(ACME, "b-acme", acmeContract, shccNode, List.of(3L, 1L, 20L), List.of(8L, 4L, 8L));
        usage(xforKey, "p-nova", novaContract, xforNode, List.of(24L), List.of(8L));
        usage(xforKey, "p-nova2", novaContract, xforNode2, List.of(24L), List.of(8L));
        usage(NOVA, "b-nova", novaContract, xforNode, List.of(3L, 1L, 20L), List.of(8L, 4L, 8L));
        usage(NOVA, "b-nova2", novaContract, xforNode2, List.of(5L, 1L, 18L), List.of(8L, 4L, 8L));
        usage(GZDH, "p-shcc", shccContract, gzdhNode, List.of(24L), List.of(8L));
        settle(acmeContract, novaContract, shccContract);
    }

    private void settle(long acmeContract, long novaContract, long shccContract) {
        periodId = call("POST", "/api/v1/settlement/periods", PLATFORM, period(), 201).json().get("periodId").asLong();
        call("POST", "/api/v1/settlement/periods/" + periodId + "/close", PLATFORM, null, 200);
        Map<Long, List<String>> discrepancies = new HashMap<>();
        call("GET", "/api/v1/settlement/periods/" + periodId + "/discrepancies", PLATFORM, null, 200).json()
                .valueStream().forEach(d -> discrepancies.computeIfAbsent(d.get("contractId").asLong(),
                        c -> new java.util.ArrayList<>()).add(d.get("discrepancyId").asString()));
        assertThat(discrepancies.get(acmeContract)).as("ACME's planted discrepancy").hasSize(1);
        assertThat(discrepancies.get(novaContract)).as("NOVA's planted discrepancies").hasSize(2);
        String acmeDiscrepancy = discrepancies.get(acmeContract).getFirst();
        String acmeDispute = dispute(ACME, acmeDiscrepancy);
        String novaDispute = dispute(NOVA, discrepancies.get(novaContract).get(1));

        ownBy("contractId", Map.of("ACME", acmeContract, "SHCC", acmeContract, "GZDH", shccContract));
        ownBy("discrepancyId", Map.of("ACME", Long.parseLong(acmeDiscrepancy), "SHCC", Long.parseLong(acmeDiscrepancy)));
        ownBy("disputeId", Map.of("ACME", Long.parseLong(acmeDispute)));
        own.put("organizationCode", Map.of("ACME", "ACME", "SHCC", "SHCC", "GZDH", "GZDH", "CPX", "platform"));
        foreign.put("discrepancyId", discrepancies.get(novaContract).getFirst());
        foreign.put("disputeId", novaDispute);
        foreign.put("organizationCode", "NOVA");
        invoices();
    }

    /** An invoice the close issued to each organization (the platform sees ACME's), and NOVA's as the foreign one. */
    private void invoices() {
        Map<String, String> received = new HashMap<>();
        call("GET", "/api/v1/invoices?periodId=" + periodId, PLATFORM, null, 200).json().valueStream()
                .forEach(i -> received.putIfAbsent(i.get("recipient").get("code").asString(),
                        i.get("invoiceNumber").asString()));
        own.put("invoiceNumber", Map.of("ACME", received.get("ACME"), "SHCC", received.get("SHCC"), "GZDH",
                received.get("GZDH"), "CPX", received.get("ACME")));
        foreign.put("invoiceNumber", received.get("NOVA"));
    }

    /** The settled day as a period: also the body that asks for a period overlapping it. */
    String period() {
        return "{\"periodStart\":\"" + periodStart + "\",\"periodEnd\":\"" + periodStart.plusSeconds(24 * HOUR) + "\"}";
    }

    /**
     * On a day still open after the clock moved: a cancelled order of each of ACME, SHCC and GZDH, a bid of NOVA
     * left resting, and a contract of NOVA with XFOR awaiting its allocation.
     */
    private void liveMarket(LocalDate day) {
        Instant hour = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        openSymbol = MarketCalendar.symbol("H100-SXM-80G", "CN-EAST", hour);
        String ascend = MarketCalendar.symbol("ASCEND910B-64G", "CN-WEST", hour);
        // Prices stay inside the band around the class's last trade (2.00), so that a reached amend would act.
        ownBy("orderId", Map.of("ACME", cancelled(ACME, openSymbol, "BUY", "1.50"),
                "SHCC", cancelled(SHCC, openSymbol, "BUY", "1.50"), "GZDH", cancelled(GZDH, ascend, "SELL", "9.00")));
        foreign.put("orderId", Long.toString(place(NOVA, openSymbol, "BUY", LIVE_BID, 2, "live-nova").get("orderId")
                .asLong()));
        foreign.put("contractId", Long.toString(trade(xforKey, NOVA, openSymbol, "2.50", "live-nova-contract")));
        spareNode = Cpid.of("CN-EAST", "SHCC", "SH01", "N0002").value();
    }

    /**
     * The closed period's payouts, made and in their bank file already (making them again, or downloading the file
     * again, changes nothing): SHCC's and GZDH's are their own, XFOR's the foreign one.
     */
    private void payouts() {
        String xforFinance = apiKeys.issue(organization("XFOR"), "Matrix XFOR finance",
                Set.of(ApiKeyPermission.FINANCE), null).secret();
        for (String key : List.of(SHCC, GZDH, xforFinance)) {
            call("PUT", "/api/v1/organization/payout-account", key, "{\"rail\":\"BANK_FILE\",\"accountHolder\":"
                    + "\"Matrix\",\"iban\":\"DE89370400440532013000\",\"bic\":\"COBADEFFXXX\"}", 200);
        }
        call("POST", "/api/v1/settlement/periods/" + periodId + "/payouts", PLATFORM, null, 201);
        Reply file = browser.get("/api/v1/settlement/periods/" + periodId + "/payouts/pain001.xml", "Authorization",
                Browser.bearer(PLATFORM), "Accept", "application/xml");
        assertThat(file.status()).as("the matrix's bank file: %s", file).isEqualTo(200);
        var ids = new HashMap<String, Long>();
        call("GET", "/api/v1/payouts?periodId=" + periodId, PLATFORM, null, 200).json().valueStream()
                .forEach(p -> ids.put(p.get("organization").asString(), p.get("payoutId").asLong()));
        assertThat(ids).containsKeys("SHCC", "GZDH", "XFOR");
        ownBy("payoutId", Map.of("SHCC", ids.get("SHCC"), "GZDH", ids.get("GZDH")));
        foreign.put("payoutId", Long.toString(ids.get("XFOR")));
    }

    private void topUps() {
        novaTraderId = identity.userByEmail("trader@nova.demo").orElseThrow().id();
        ownBy("topUpId", Map.of("ACME", confirmedTopUp(ACME)));
        foreign.put("topUpId", Long.toString(confirmedTopUp(NOVA)));
    }

    /** Each caller organization's key, already revoked (revoking it again changes nothing); NOVA's stays active. */
    private void keys() {
        var revoked = new HashMap<String, Long>();
        for (String code : List.of("ACME", "SHCC", "GZDH", "CPX")) {
            long id = apiKeys.issue(organization(code), "Matrix revoked", Set.of(ApiKeyPermission.READ), null).key().id();
            apiKeys.revoke(organization(code), id);
            revoked.put(code, id);
        }
        ownBy("keyId", revoked);
        foreign.put("keyId", Long.toString(apiKeys.issue(organization("NOVA"), "Matrix live", Set.of(ApiKeyPermission.READ),
                null).key().id()));
    }

    private long confirmedTopUp(String key) {
        long id = call("POST", "/api/v1/wallet/top-ups", key, "{\"amount\":\"10.00\"}", 201).json().get("topUpId")
                .asLong();
        call("POST", "/api/v1/wallet/top-ups/" + id + "/confirm", PLATFORM,
                "{\"amountReceived\":\"1.00\",\"bankReference\":\"MATRIX\"}", 200);
        return id;
    }

    private long trade(String seller, String buyer, String symbol, String price, String name) {
        return trade(seller, buyer, symbol, price, 8, name);
    }

    private long trade(String seller, String buyer, String symbol, String price, int quantity, String name) {
        place(seller, symbol, "SELL", price, quantity, name + "-ask");
        JsonNode bid = place(buyer, symbol, "BUY", price, quantity, name + "-bid");
        assertThat(bid.get("status").asString()).as("%s filled: %s", name, bid).isEqualTo("FILLED");
        return bid.get("trades").get(0).get("contractId").asLong();
    }

    private long cancelled(String key, String symbol, String side, String price) {
        long id = place(key, symbol, side, price, 1, "cancelled-" + key).get("orderId").asLong();
        call("DELETE", "/api/v1/orders/" + id, key, null, 200);
        return id;
    }

    private JsonNode place(String key, String symbol, String side, String price, int quantity, String clientOrderId) {
        return call("POST", "/api/v1/orders", key, "{\"clientOrderId\":\"" + clientOrderId + "\",\"instrument\":\""
                + symbol + "\",\"side\":\"" + side + "\",\"type\":\"LIMIT\",\"price\":\"" + price
                + "\",\"quantity\":" + quantity + "}", 201).json();
    }

    private void allocate(String key, long contractId, String... cpids) {
        call("POST", "/api/v1/contracts/" + contractId + "/allocations", key, "{\"cpids\":[\""
                + String.join("\",\"", cpids) + "\"]}", 200);
    }

    /**
     * Consecutive records from the period's start, in 24ths of the contract's hour: {@code slices[i]} slices at
     * {@code gpus[i]} GPUs each.
     */
    private void usage(String key, String prefix, long contractId, String cpid, List<Long> slices, List<Long> gpus) {
        var records = new java.util.ArrayList<String>();
        Instant start = periodStart;
        for (int i = 0; i < slices.size(); i++) {
            Instant end = start.plusSeconds(slices.get(i) * SLICE);
            records.add("{\"recordId\":\"" + prefix + "-" + i + "\",\"contractId\":" + contractId + ",\"cpid\":\"" + cpid
                    + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\"" + end + "\",\"gpuSeconds\":"
                    + slices.get(i) * gpus.get(i) * SLICE + "}");
            start = end;
        }
        JsonNode receipt = call("POST", "/api/v1/usage", key, "{\"records\":[" + String.join(",", records) + "]}", 200)
                .json();
        assertThat(receipt.get("rejected").size()).as("%s usage refused: %s", prefix, receipt).isZero();
    }

    private String dispute(String key, String discrepancyId) {
        return call("POST", "/api/v1/settlement/discrepancies/" + discrepancyId + "/disputes", key,
                "{\"reason\":\"planted for the matrix\"}", 201).json().get("disputeId").asString();
    }

    private JsonNode contract(String key, long contractId) {
        return call("GET", "/api/v1/contracts", key, null, 200).json().valueStream()
                .filter(c -> c.get("contractId").asLong() == contractId).findFirst().orElseThrow();
    }

    private void ownBy(String name, Map<String, Long> ids) {
        var values = new HashMap<String, String>();
        ids.forEach((organization, id) -> values.put(organization, Long.toString(id)));
        own.put(name, values);
    }

    private long organization(String code) {
        return identity.organizationByCode(code).orElseThrow().id();
    }

    private Reply call(String method, String path, String key, String body, int expected) {
        Reply reply = body == null && method.equals("GET")
                ? browser.get(path, "Authorization", Browser.bearer(key), "Accept", "application/json")
                : browser.sendJson(method, path, body, "Authorization", Browser.bearer(key));
        assertThat(reply.status()).as("setting up the matrix: %s %s %s", method, path, reply).isEqualTo(expected);
        return reply;
    }
}
