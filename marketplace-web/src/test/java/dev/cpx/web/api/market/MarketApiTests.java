package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.ledger.LedgerService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The order, market data, contract and account endpoints of the API contract, on the embedded database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:market-api;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
        "cpx.market.buyer-fee-basis-points=50"})
class MarketApiTests {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    LedgerService ledger;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void ledgerStaysBalanced() {
        assertThat(ledger.journalSum()).as("sum of all journal lines").isZero();
        assertThat(ledger.balanceSum()).as("sum of all account balances").isZero();
    }

    static String day(int daysAhead) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead).toString();
    }

    /** The noon hour of the day {@code daysAhead} (UTC): far from any gate closure while the tests run. */
    static String instrument(String computeClass, String region, int daysAhead) {
        return computeClass + "." + region + "." + day(daysAhead) + "T12";
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply send(String method, String path, String key, String json) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Accept", "application/json");
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Reply(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body));
    }

    Reply order(String key, String clientOrderId, String symbol, String side, String type, String tif, String price,
                long quantity) throws Exception {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("clientOrderId", clientOrderId);
        body.put("instrument", symbol);
        body.put("side", side);
        body.put("type", type);
        body.put("timeInForce", tif);
        if (price != null) {
            body.put("price", price);
        }
        body.put("quantity", quantity);
        return send("POST", "/orders", key, JSON.writeValueAsString(body));
    }

    Reply limit(String key, String symbol, String side, String price, long quantity) throws Exception {
        return order(key, uniqueId("t"), symbol, side, "LIMIT", "GTC", price, quantity);
    }

    @Test
    void restingBidReservesQuantityHoursPriceAndFeeAndCancelReleasesIt() throws Exception {
        String symbol = instrument("A100-SXM-80G", "CN-EAST", 13);
        long heldBefore = held("demo-acme-key");
        Reply bid = limit("demo-acme-key", symbol, "BUY", "1.00", 4);

        assertThat(bid.status()).isEqualTo(201);
        assertThat(bid.body().get("status").asString()).isEqualTo("NEW");
        // 4 GPUs x 1 h x 1.00 = 4.00, plus 0.5% fee 0.02
        assertThat(held("demo-acme-key") - heldBefore).isEqualTo(402);

        Reply cancelled = send("DELETE", "/orders/" + bid.body().get("orderId").asLong(), "demo-acme-key", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(held("demo-acme-key")).isEqualTo(heldBefore);

        Reply again = send("DELETE", "/orders/" + bid.body().get("orderId").asLong(), "demo-acme-key", null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void tradeHappensAtTheRestingPriceAndBecomesAContractBothSidesSee() throws Exception {
        String symbol = instrument("H20-96G", "CN-NORTH", 3);
        Reply ask = limit("demo-shcc-key", symbol, "SELL", "1.50", 8);
        Reply bid = limit("demo-acme-key", symbol, "BUY", "1.80", 5);

        assertThat(ask.status()).isEqualTo(201);
        assertThat(bid.status()).isEqualTo(201);
        assertThat(bid.body().get("status").asString()).isEqualTo("FILLED");
        assertThat(bid.body().get("averagePrice").asString()).isEqualTo("1.50");
        JsonNode fill = bid.body().get("trades").get(0);
        assertThat(fill.get("price").asString()).isEqualTo("1.50");
        long contractId = fill.get("contractId").asLong();

        JsonNode shccContract = contract("demo-shcc-key", contractId);
        JsonNode acmeContract = contract("demo-acme-key", contractId);
        assertThat(shccContract).isNotNull();
        // 5 GPUs x 1 h x 1.50
        assertThat(acmeContract.get("value").asString()).isEqualTo("7.50");
        assertThat(acmeContract.get("buyer").asString()).isEqualTo("ACME");
        assertThat(acmeContract.get("provider").asString()).isEqualTo("SHCC");
        assertThat(contract("demo-nova-key", contractId)).as("a third organization does not see it").isNull();

        Reply book = send("GET", "/instruments/" + symbol + "/book", null, null);
        assertThat(book.body().get("asks").get(0).get("price").asString()).isEqualTo("1.50");
        assertThat(book.body().get("asks").get(0).get("quantity").asLong()).isEqualTo(3);
        Reply trades = send("GET", "/instruments/" + symbol + "/trades?limit=5", null, null);
        assertThat(trades.body().get(0).get("aggressorSide").asString()).isEqualTo("BUY");
    }

    @Test
    void sameClientOrderIdReplaysAndADifferentBodyConflicts() throws Exception {
        String symbol = instrument("A100-SXM-80G", "CN-EAST", 4);
        String id = uniqueId("idem");
        Reply first = order("demo-acme-key", id, symbol, "BUY", "LIMIT", "GTC", "1.00", 1);
        Reply replay = order("demo-acme-key", id, symbol, "BUY", "LIMIT", "GTC", "1.00", 1);
        Reply different = order("demo-acme-key", id, symbol, "BUY", "LIMIT", "GTC", "1.01", 1);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body().get("orderId").asLong()).isEqualTo(first.body().get("orderId").asLong());
        assertThat(different.status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from market_order where client_order_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    /**
     * Yesterday's noon hour, listed as an instance running since then would have listed it: the calendar of this
     * context lists only hours still open, so a closed instrument from it would depend on the hour the tests run.
     */
    private String closedInstrument(String computeClass, String region) {
        Instant start = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        String symbol = computeClass + "." + region + "." + day(-1) + "T12";
        if (jdbc.sql("select count(*) from instrument where symbol = ?").param(symbol).query(Long.class).single() == 0) {
            jdbc.sql("insert into instrument (symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                            + "gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(symbol, computeClass, region, LocalDateTime.ofInstant(start, ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.plusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(3600), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(start.minusSeconds(86_400), ZoneOffset.UTC))
                    .update();
        }
        return symbol;
    }

    @Test
    void refusalsAre422AndLeaveNoOrderBehind() throws Exception {
        long ordersBefore = jdbc.sql("select count(*) from market_order").query(Long.class).single();
        String open = instrument("H100-SXM-80G", "CN-EAST", 5);
        String closed = closedInstrument("H100-SXM-80G", "CN-EAST");

        assertThat(limit("demo-nova-key", open, "BUY", "500.00", 100).body().get("code").asString())
                .isEqualTo("insufficient-funds");
        assertThat(limit("demo-shcc-key", open, "SELL", "2.00", 33).body().get("code").asString())
                .isEqualTo("no-capacity");
        assertThat(limit("demo-acme-key", open, "SELL", "2.00", 1).body().get("code").asString())
                .isEqualTo("no-capacity");
        assertThat(limit("demo-acme-key", closed, "BUY", "2.00", 1).body().get("code").asString())
                .isEqualTo("market-closed");
        assertThat(limit("demo-acme-key", open, "BUY", "2.001", 1).body().get("code").asString())
                .isEqualTo("invalid-price");
        Reply badSide = order("demo-acme-key", uniqueId("bad"), open, "HOLD", "LIMIT", "GTC", "2.00", 1);
        assertThat(badSide.status()).isEqualTo(400);
        Reply marketWithPrice = order("demo-acme-key", uniqueId("bad"), open, "BUY", "MARKET", "IOC", "2.00", 1);
        assertThat(marketWithPrice.status()).isEqualTo(400);
        Reply unknown = limit("demo-acme-key", "NOPE.CN-EAST.2026-01-01", "BUY", "2.00", 1);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(limit("demo-gzdh-key", open, "BUY", "1.00", 1).body().get("code").asString())
                .as("a pure provider cannot bid").isEqualTo("forbidden");

        assertThat(jdbc.sql("select count(*) from market_order").query(Long.class).single()).isEqualTo(ordersBefore);
    }

    @Test
    void aProviderOnlyOrganizationIsForbiddenToBuyAndNoOrderIsStored() throws Exception {
        String symbol = instrument("ASCEND910B-64G", "CN-WEST", 6);
        String clientOrderId = uniqueId("provider-bid");

        Reply bid = order("demo-gzdh-key", clientOrderId, symbol, "BUY", "LIMIT", "GTC", "1.00", 1);

        assertThat(bid.status()).isEqualTo(403);
        assertThat(bid.body().get("code").asString()).isEqualTo("forbidden");
        assertThat(bid.body().get("detail").asString()).contains("GZDH is not a buyer");
        assertThat(jdbc.sql("select count(*) from market_order where client_order_id = ?").param(clientOrderId)
                .query(Long.class).single()).isZero();
        assertThat(limit("demo-gzdh-key", symbol, "SELL", "1.00", 1).status())
                .as("the same organization still sells").isEqualTo(201);
    }

    @Test
    void askIsLimitedToUnsoldRegisteredCapacity() throws Exception {
        String symbol = instrument("L40S-48G", "CN-NORTH", 6);
        assertThat(limit("demo-shcc-key", symbol, "SELL", "1.00", 5).status()).isEqualTo(201);
        assertThat(limit("demo-shcc-key", symbol, "SELL", "1.10", 3).status()).isEqualTo(201);
        Reply over = limit("demo-shcc-key", symbol, "SELL", "1.20", 1);
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.body().get("detail").asString()).contains("8 registered", "0 sold", "8 offered");
    }

    @Test
    void aBuyerResellsPartOfItsContractOnTheSameInstrument() throws Exception {
        String symbol = instrument("RTX4090-24G", "CN-SOUTH", 6);
        limit("demo-gzdh-key", symbol, "SELL", "0.40", 6);
        assertThat(limit("demo-acme-key", symbol, "BUY", "0.40", 6).body().get("status").asString())
                .isEqualTo("FILLED");

        assertThat(limit("demo-acme-key", symbol, "SELL", "0.55", 7).body().get("code").asString())
                .as("no more than it holds").isEqualTo("no-capacity");
        Reply resale = limit("demo-acme-key", symbol, "SELL", "0.55", 4);
        assertThat(resale.status()).isEqualTo(201);
        Reply bid = limit("demo-nova-key", symbol, "BUY", "0.60", 4);
        assertThat(bid.body().get("averagePrice").asString()).isEqualTo("0.55");
        JsonNode contract = contract("demo-nova-key", bid.body().get("trades").get(0).get("contractId").asLong());
        assertThat(contract.get("provider").asString()).isEqualTo("ACME");
    }

    @Test
    void amendToANewPriceLosesPriorityAndALowerQuantityKeepsIt() throws Exception {
        String symbol = instrument("A100-SXM-80G", "CN-EAST", 7);
        long first = limit("demo-acme-key", symbol, "BUY", "1.00", 2).body().get("orderId").asLong();
        long second = limit("demo-nova-key", symbol, "BUY", "1.00", 2).body().get("orderId").asLong();

        Reply smaller = send("PATCH", "/orders/" + first, "demo-acme-key", "{\"quantity\":1}");
        assertThat(smaller.status()).isEqualTo(200);
        Reply larger = send("PATCH", "/orders/" + first, "demo-acme-key", "{\"quantity\":5}");
        assertThat(larger.status()).isEqualTo(422);

        // ACME kept its place: a 1-GPU ask fills ACME first.
        Reply ask = limit("demo-shcc-key", symbol, "SELL", "1.00", 1);
        assertThat(ask.body().get("trades").get(0).get("contractId").asLong()).isPositive();
        assertThat(order("demo-acme-key", first).get("status").asString()).isEqualTo("FILLED");

        // NOVA re-prices to the same level: it loses nothing but also gains nothing; then an improved price trades.
        Reply repriced = send("PATCH", "/orders/" + second, "demo-nova-key", "{\"price\":\"1.20\"}");
        assertThat(repriced.body().get("price").asString()).isEqualTo("1.20");
        Reply ask2 = limit("demo-shcc-key", symbol, "SELL", "1.10", 1);
        assertThat(ask2.body().get("averagePrice").asString()).isEqualTo("1.20");
    }

    @Test
    void fillOrKillThatCannotFillWholeTradesNothing() throws Exception {
        String symbol = instrument("H100-SXM-80G", "CN-WEST", 8);
        limit("demo-gzdh-key", symbol, "SELL", "2.00", 3);
        Reply fok = order("demo-acme-key", uniqueId("fok"), symbol, "BUY", "LIMIT", "FOK", "2.00", 4);
        assertThat(fok.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(fok.body().get("filledQuantity").asLong()).isZero();
        Reply ioc = order("demo-acme-key", uniqueId("ioc"), symbol, "BUY", "LIMIT", "IOC", "2.00", 4);
        assertThat(ioc.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(ioc.body().get("filledQuantity").asLong()).isEqualTo(3);
    }

    @Test
    void anOrganizationNeverTradesWithItself() throws Exception {
        String symbol = instrument("H100-SXM-80G", "CN-EAST", 9);
        limit("demo-shcc-key", symbol, "SELL", "2.00", 2);
        Reply own = limit("demo-shcc-key", symbol, "BUY", "2.50", 2);
        assertThat(own.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(own.body().get("trades")).isEmpty();
    }

    @Test
    void providerAllocatesOwnNodesOfTheClassAndRegionToAContract() throws Exception {
        String symbol = instrument("H100-SXM-80G", "CN-EAST", 10);
        limit("demo-shcc-key", symbol, "SELL", "2.00", 8);
        long contractId = limit("demo-acme-key", symbol, "BUY", "2.00", 8).body().get("trades").get(0)
                .get("contractId").asLong();

        Reply wrongClass = send("POST", "/contracts/" + contractId + "/allocations", "demo-shcc-key",
                "{\"cpids\":[\"" + cpid("SHCC", "A100-SXM-80G") + "\"]}");
        assertThat(wrongClass.status()).isEqualTo(422);
        Reply byBuyer = send("POST", "/contracts/" + contractId + "/allocations", "demo-acme-key",
                "{\"cpids\":[\"" + cpid("SHCC", "H100-SXM-80G") + "\"]}");
        assertThat(byBuyer.status()).isEqualTo(403);
        Reply ok = send("POST", "/contracts/" + contractId + "/allocations", "demo-shcc-key",
                "{\"cpids\":[\"" + cpid("SHCC", "H100-SXM-80G") + "\"]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("allocations").get(0).asString()).isEqualTo(cpid("SHCC", "H100-SXM-80G"));
        assertThat(contract("demo-acme-key", contractId).get("allocations")).hasSize(1);
    }

    @Test
    void nodesBeyondWhatTheContractNeedsAreRefused() throws Exception {
        String symbol = instrument("ASCEND910B-64G", "CN-WEST", 12);
        limit("demo-gzdh-key", symbol, "SELL", "1.00", 12);
        long contractId = limit("demo-acme-key", symbol, "BUY", "1.00", 12).body().get("trades").get(0)
                .get("contractId").asLong();
        List<String> nodes = cpids("GZDH", "ASCEND910B-64G");

        Reply threeNodes = allocate("demo-gzdh-key", contractId, nodes.subList(0, 3));
        assertThat(threeNodes.status()).isEqualTo(422);
        assertThat(threeNodes.body().get("code").asString()).isEqualTo("allocation-refused");
        assertThat(threeNodes.body().get("detail").asString()).contains("24 GPUs for the 12", "not needed");

        Reply twoNodes = allocate("demo-gzdh-key", contractId, nodes.subList(0, 2));
        assertThat(twoNodes.status()).as("16 GPUs for 12: the second node is needed").isEqualTo(200);

        Reply oneMore = allocate("demo-gzdh-key", contractId, nodes.subList(2, 3));
        assertThat(oneMore.status()).isEqualTo(422);
        assertThat(oneMore.body().get("detail").asString()).contains("already has 16 GPUs allocated for its 12");
        assertThat(allocatedGpus(contractId)).isEqualTo(16);
    }

    @Test
    void concurrentAllocationsToOneContractNeverOverAllocate() throws Exception {
        List<String> nodes = cpids("GZDH", "ASCEND910B-64G");
        for (int daysAhead : new int[] {3, 4, 7, 8}) {
            String symbol = instrument("ASCEND910B-64G", "CN-WEST", daysAhead);
            limit("demo-gzdh-key", symbol, "SELL", "1.00", 8);
            long contractId = limit("demo-acme-key", symbol, "BUY", "1.00", 8).body().get("trades").get(0)
                    .get("contractId").asLong();
            var start = new java.util.concurrent.CyclicBarrier(nodes.size());
            List<Integer> statuses = new java.util.ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(nodes.size())) {
                var replies = nodes.stream().map(cpid -> threads.submit(() -> {
                    start.await();
                    return allocate("demo-gzdh-key", contractId, List.of(cpid));
                })).toList();
                for (var reply : replies) {
                    statuses.add(reply.get().status());
                }
            }
            assertThat(statuses).as("day %d: one node of 8 GPUs serves the 8-GPU contract", daysAhead)
                    .containsOnlyOnce(200).filteredOn(status -> status != 200).containsOnly(422);
            assertThat(allocatedGpus(contractId)).isEqualTo(8);
        }
    }

    private Reply allocate(String providerKey, long contractId, List<String> cpids) throws Exception {
        return send("POST", "/contracts/" + contractId + "/allocations", providerKey,
                JSON.writeValueAsString(java.util.Map.of("cpids", cpids)));
    }

    private long allocatedGpus(long contractId) {
        return jdbc.sql("select coalesce(sum(gpu_count), 0) from contract_allocation where contract_id = ?")
                .param(contractId).query(Long.class).single();
    }

    private List<String> cpids(String provider, String computeClass) {
        return jdbc.sql("select cpid from node n join organization o on o.id = n.organization_id "
                        + "where o.code = ? and n.compute_class_code = ? order by cpid")
                .params(provider, computeClass).query(String.class).list();
    }

    @Test
    void accountShowsAvailableHeldAndCreditLimit() throws Exception {
        Reply account = send("GET", "/account", "demo-shcc-key", null);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.body().get("organization").asString()).isEqualTo("SHCC");
        assertThat(account.body().get("currency").asString()).isEqualTo("USD");
        assertThat(account.body().get("creditLimit").asString()).isEqualTo("500000.00");
        assertThat(send("GET", "/account", null, null).status()).isEqualTo(401);
    }

    @Test
    void advancingTheDemoClockPastTheGateExpiresOpenOrdersAndReleasesHolds() throws Exception {
        // Day 2: the other tests here trade days 3 and later, which stay open when the clock passes this gate.
        String symbol = instrument("V100-SXM2-32G", "EU-CENTRAL", 2);
        long heldBefore = held("demo-nova-key");
        long orderId = limit("demo-nova-key", symbol, "BUY", "0.50", 2).body().get("orderId").asLong();
        assertThat(held("demo-nova-key")).isGreaterThan(heldBefore);

        Instant gate = Instant.parse(send("GET", "/instruments/" + symbol, null, null).body().get("gateClosure")
                .asString());
        String pastTheGate = "{\"advanceBy\":\"" + java.time.Duration.between(Instant.now(), gate).plusMinutes(1)
                .withNanos(0) + "\"}";
        Reply refused = send("POST", "/admin/clock", "demo-acme-key", pastTheGate);
        assertThat(refused.status()).isEqualTo(403);
        Reply moved = send("POST", "/admin/clock", "demo-admin-key", pastTheGate);
        assertThat(moved.status()).isEqualTo(200);

        assertThat(order("demo-nova-key", orderId).get("status").asString()).isEqualTo("EXPIRED");
        assertThat(held("demo-nova-key")).isEqualTo(heldBefore);
        assertThat(limit("demo-nova-key", symbol, "BUY", "0.50", 1).body().get("code").asString())
                .isEqualTo("market-closed");
    }

    @Test
    void ordersOfAnotherOrganizationAreNotFound() throws Exception {
        String symbol = instrument("A100-SXM-80G", "CN-EAST", 11);
        long orderId = limit("demo-acme-key", symbol, "BUY", "1.00", 1).body().get("orderId").asLong();
        assertThat(send("GET", "/orders/" + orderId, "demo-nova-key", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/orders/" + orderId, "demo-nova-key", null).status()).isEqualTo(404);
        assertThat(send("PATCH", "/orders/" + orderId, "demo-nova-key", "{\"price\":\"1.10\"}").status())
                .isEqualTo(404);
        List<Long> novaOrders = java.util.stream.StreamSupport.stream(
                        send("GET", "/orders?status=ALL", "demo-nova-key", null).body().spliterator(), false)
                .map(n -> n.get("orderId").asLong()).toList();
        assertThat(novaOrders).doesNotContain(orderId);
    }

    @Test
    void offersListOpenAsksCheapestFirstWithPricePerScuHour() throws Exception {
        String symbol = instrument("MI300X-192G", "CN-WEST", 12);
        limit("demo-gzdh-key", symbol, "SELL", "3.00", 2);
        limit("demo-gzdh-key", symbol, "SELL", "2.61", 2);
        Reply offers = send("GET", "/offers?computeClass=MI300X-192G", null, null);
        JsonNode first = offers.body().get(0);
        assertThat(first.get("price").asString()).isEqualTo("2.61");
        assertThat(first.get("provider").asString()).isEqualTo("GZDH");
        assertThat(first.get("scu").asString()).isEqualTo("13.07");
        assertThat(first.get("pricePerScuHour").asString()).isEqualTo("0.1997");
    }

    private JsonNode order(String key, long orderId) throws Exception {
        return send("GET", "/orders/" + orderId, key, null).body();
    }

    private JsonNode contract(String key, long contractId) throws Exception {
        for (JsonNode contract : send("GET", "/contracts?limit=500", key, null).body()) {
            if (contract.get("contractId").asLong() == contractId) {
                return contract;
            }
        }
        return null;
    }

    private long held(String key) throws Exception {
        return Math.round(Double.parseDouble(send("GET", "/account", key, null).body().get("held").asString()) * 100);
    }

    private String cpid(String provider, String computeClass) {
        return jdbc.sql("select cpid from node n join organization o on o.id = n.organization_id "
                        + "where o.code = ? and n.compute_class_code = ? order by cpid limit 1")
                .params(provider, computeClass).query(String.class).single();
    }
}
