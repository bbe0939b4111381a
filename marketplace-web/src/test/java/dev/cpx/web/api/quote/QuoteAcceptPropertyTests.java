package dev.cpx.web.api.quote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.api.quote.QuoteMarket.Reply;
import dev.cpx.web.support.EmbeddedAppTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Quote then accept on seeded random books, with another buyer sometimes taking offers in between: candidates come
 * cheapest total first, SCU becomes the fewest whole GPUs that cover it, and an accept buys exactly one candidate's
 * GPUs in every hour at no more than its quoted total, or nothing at all. L20 and H100 PCIe in CN-SOUTH belong to
 * this class alone; each seed trades on a day of its own.
 */
@EmbeddedAppTest
class QuoteAcceptPropertyTests {

    private static final String REGION = "CN-SOUTH";
    private static final Map<String, BigDecimal> SCU = Map.of("L20-48G", new BigDecimal("1.20"),
            "H100-PCIE-80G", new BigDecimal("7.56"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void anAcceptBuysOneCandidateWholeWithinItsQuotedTotalOrNothing(long seed) {
        var random = new Random(seed);
        var market = new QuoteMarket(port);
        SCU.keySet().forEach(code -> market.capacity(code, REGION, "QP" + code.substring(0, 3).replace("-", ""), 64));
        Instant day = market.day("L20-48G", REGION, (int) (seed - 11));
        for (String code : SCU.keySet()) {
            for (int level = 0; level < random.nextInt(4); level++) {
                // 1.50-2.20: within the price band around any trade the seeds before made
                long ticks = 150 + random.nextInt(71);
                market.ask(code, REGION, day, 1, 1 + random.nextInt(12), "%d.%02d".formatted(ticks / 100, ticks % 100),
                        "qp-" + seed + "-" + code.substring(0, 3) + "-" + level);
            }
        }
        boolean byScu = random.nextBoolean();
        String size = byScu ? "\"scu\":\"%d.%02d\"".formatted(1 + random.nextInt(40), random.nextInt(100))
                : "\"gpus\":" + (1 + random.nextInt(10));
        String shape = "{" + size + ",\"durationHours\":24,\"earliestStart\":\"" + day + "\",\"latestStart\":\"" + day
                + "\",\"regions\":[\"" + REGION + "\"],\"computeClasses\":[\"L20-48G\",\"H100-PCIE-80G\"]}";

        Reply quote = market.quote("demo-acme-key", shape);
        assertThat(quote.status()).as("seed %d: %s", seed, quote).isEqualTo(200);
        JsonNode candidates = quote.body().get("candidates");
        Map<String, JsonNode> byClass = new HashMap<>();
        Long previous = null;
        for (JsonNode candidate : candidates) {
            String code = candidate.get("computeClass").asString();
            byClass.put(code, candidate);
            long gpus = candidate.get("gpus").asLong();
            if (byScu) {
                BigDecimal scu = new BigDecimal(size.replaceAll("[^0-9.]", ""));
                assertThat(SCU.get(code).multiply(BigDecimal.valueOf(gpus))).as("seed %d", seed)
                        .isGreaterThanOrEqualTo(scu);
                assertThat(SCU.get(code).multiply(BigDecimal.valueOf(gpus - 1))).as("seed %d", seed).isLessThan(scu);
            }
            Long total = candidate.get("total").isNull() ? null : minor(candidate.get("total").asString());
            if (previous != null && total != null) {
                assertThat(total).as("seed %d: cheapest total first", seed).isGreaterThanOrEqualTo(previous);
            }
            if (total == null) {
                previous = Long.MAX_VALUE;
            } else {
                previous = total;
            }
        }

        if (random.nextBoolean()) {
            String code = random.nextBoolean() ? "L20-48G" : "H100-PCIE-80G";
            market.block("demo-nova-key", "qp-nova-" + seed, code, REGION, "BUY", 1 + random.nextInt(8), day,
                    day.plus(Duration.ofDays(1)), "2.20");
        }
        String clientOrderId = "qp-accept-" + seed;
        Reply accept = market.accept("demo-acme-key", quote.body().get("quoteId").asString(), clientOrderId);

        assertThat(accept.status()).as("seed %d: %s", seed, accept).isIn(201, 409);
        if (accept.status() == 201) {
            String code = accept.body().get("orders").get(0).get("instrument").asString().split("\\.")[0];
            JsonNode candidate = byClass.get(code);
            assertThat(candidate.get("feasible").asBoolean()).as("seed %d", seed).isTrue();
            long gpus = candidate.get("gpus").asLong();
            assertThat(accept.body().get("quantity").asLong()).as("seed %d", seed).isEqualTo(gpus);
            assertThat(accept.body().get("orders")).as("seed %d", seed).allSatisfy(order -> {
                assertThat(order.get("filledQuantity").asLong()).isEqualTo(gpus);
                assertThat(order.get("status").asString()).isEqualTo("FILLED");
            });
            assertThat(minor(accept.body().get("total").asString())).as("seed %d", seed)
                    .isLessThanOrEqualTo(minor(candidate.get("total").asString()));
        } else {
            assertThat(accept.code()).isEqualTo("quote-unavailable");
            assertThat(jdbc.sql("select count(*) from market_order where client_order_id like ?")
                    .param(clientOrderId + ":%").query(Long.class).single()).as("seed %d: nothing bought", seed)
                    .isZero();
        }
        assertThat(jdbc.sql("select count(*) from market_order o join organization g on g.id = o.organization_id "
                        + "where g.code = 'ACME' and o.client_order_id like ? and o.status in ('NEW','PARTIALLY_FILLED')")
                .param(clientOrderId + ":%").query(Long.class).single()).as("seed %d: nothing left resting", seed)
                .isZero();
    }

    private static long minor(String decimal) {
        return new BigDecimal(decimal).movePointRight(2).longValueExact();
    }
}
