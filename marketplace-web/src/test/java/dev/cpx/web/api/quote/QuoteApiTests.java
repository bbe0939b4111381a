package dev.cpx.web.api.quote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.api.quote.QuoteMarket.Reply;
import dev.cpx.web.support.EmbeddedAppTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /quotes} and {@code POST /quotes/{quoteId}/accept}: V100 and MI250X in EU-CENTRAL belong to this class
 * alone. Windows are whole UTC days, so the same tests hold for daily and hourly instruments.
 */
@EmbeddedAppTest
class QuoteApiTests {

    private static final String V100 = "V100-SXM2-32G";
    private static final String MI250X = "MI250X-128G";
    private static final String REGION = "EU-CENTRAL";
    private static final String BOTH = ",\"computeClasses\":[\"" + V100 + "\",\"" + MI250X + "\"]";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    QuoteMarket market;

    @BeforeEach
    void capacity() {
        market = new QuoteMarket(port);
        market.capacity(V100, REGION, "QTV1", 64);
        market.capacity(MI250X, REGION, "QTM1", 64);
    }

    @Test
    void aQuoteListsEveryClassCheapestFirstAndItsAcceptBuysTheBestWholeOnce() {
        // Other tests of the shared application leave ACME bids resting: what counts is that the quote adds none.
        long bidsBefore = openBids();
        Instant day = market.day(V100, REGION, 0);
        market.ask(V100, REGION, day, 1, 8, "2.00", "qa-v100-a");
        market.ask(V100, REGION, day, 1, 8, "2.10", "qa-v100-b");
        market.ask(MI250X, REGION, day, 1, 8, "5.00", "qa-mi250x-a");

        // 10 SCU: ceil(10 / 1.25) = 8 V100, ceil(10 / 3.83) = 3 MI250X; 24 hours
        Reply quote = market.quote("demo-acme-key", shape("\"scu\":\"10\"", day, day, 24, BOTH));

        assertThat(quote.status()).as(quote.toString()).isEqualTo(200);
        JsonNode candidates = quote.body().get("candidates");
        assertThat(candidates).hasSize(2);
        JsonNode mi250x = candidates.get(0);
        assertThat(mi250x.get("computeClass").asString()).isEqualTo(MI250X);
        assertThat(mi250x.get("gpus").asLong()).isEqualTo(3);
        assertThat(mi250x.get("total").asString()).isEqualTo("360.00");
        assertThat(mi250x.get("averagePrice").asString()).isEqualTo("5.00");
        assertThat(mi250x.get("pricePerScuHour").asString()).isEqualTo("1.3055");
        assertThat(mi250x.get("feasible").asBoolean()).isTrue();
        JsonNode v100 = candidates.get(1);
        assertThat(v100.get("gpus").asLong()).isEqualTo(8);
        assertThat(v100.get("total").asString()).isEqualTo("384.00");
        assertThat(v100.get("start").asString()).isEqualTo(day.toString());
        assertThat(v100.get("end").asString()).isEqualTo(day.plus(Duration.ofDays(1)).toString());
        assertThat(quote.body().get("best").get("computeClass").asString()).isEqualTo(MI250X);
        assertThat(Instant.parse(quote.body().get("expiresAt").asString())).isAfter(Instant.now().minusSeconds(5));
        assertThat(openBids()).as("a quote holds nothing").isEqualTo(bidsBefore);

        String quoteId = quote.body().get("quoteId").asString();
        Reply bought = market.accept("demo-acme-key", quoteId, "qa-accept-1");
        Reply again = market.accept("demo-acme-key", quoteId, "qa-accept-1");
        Reply other = market.accept("demo-acme-key", quoteId, "qa-accept-2");

        assertThat(bought.status()).as(bought.toString()).isEqualTo(201);
        assertThat(bought.body().get("status").asString()).isEqualTo("FILLED");
        assertThat(bought.body().get("side").asString()).isEqualTo("BUY");
        assertThat(bought.body().get("quantity").asLong()).isEqualTo(3);
        assertThat(bought.body().get("total").asString()).isEqualTo("360.00");
        assertThat(bought.body().get("orders")).allSatisfy(order -> {
            assertThat(order.get("status").asString()).isEqualTo("FILLED");
            assertThat(order.get("filledQuantity").asLong()).isEqualTo(3);
        });
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("blockOrderId").asLong()).isEqualTo(bought.body().get("blockOrderId").asLong());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.code()).isEqualTo("quote-unavailable");
        assertThat(childOrders("qa-accept-2")).isZero();
    }

    @Test
    void anAcceptFallsBackWhenTheBestWasTakenAndRefusesWhenNothingIsLeft() {
        Instant day = market.day(V100, REGION, 2);
        market.ask(V100, REGION, day, 1, 4, "3.00", "qf-v100");
        market.ask(MI250X, REGION, day, 1, 4, "4.00", "qf-mi250x");
        Reply quote = market.quote("demo-acme-key", shape("\"gpus\":4", day, day, 24, BOTH));
        Reply second = market.quote("demo-acme-key", shape("\"gpus\":4", day, day, 24, BOTH));
        assertThat(quote.body().get("best").get("computeClass").asString()).isEqualTo(V100);

        // Another buyer takes the cheapest before the accept.
        Reply taken = market.block("demo-nova-key", "qf-nova", V100, REGION, "BUY", 4, day, day.plus(Duration.ofDays(1)),
                "3.00");
        assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
        Reply fellBack = market.accept("demo-acme-key", quote.body().get("quoteId").asString(), "qf-accept-1");
        Reply nothingLeft = market.accept("demo-acme-key", second.body().get("quoteId").asString(), "qf-accept-2");

        assertThat(fellBack.status()).as(fellBack.toString()).isEqualTo(201);
        assertThat(fellBack.body().get("orders").get(0).get("instrument").asString()).startsWith(MI250X);
        assertThat(fellBack.body().get("total").asString()).isEqualTo("384.00");
        assertThat(nothingLeft.status()).as(nothingLeft.toString()).isEqualTo(409);
        assertThat(nothingLeft.code()).isEqualTo("quote-unavailable");
        assertThat(nothingLeft.body().get("detail").asString()).contains("nothing was bought");
        assertThat(childOrders("qf-accept-2")).isZero();
    }

    @Test
    void anAcceptNeverPaysMoreThanTheQuotedTotal() {
        Instant day = market.day(V100, REGION, 4);
        market.ask(V100, REGION, day, 1, 2, "2.00", "qp-cheap");
        market.ask(V100, REGION, day, 1, 2, "2.01", "qp-dear");
        Reply quote = market.quote("demo-acme-key", shape("\"gpus\":3", day, day, 24,
                ",\"computeClasses\":[\"" + V100 + "\"]"));
        // 2 at 2.00 and 1 at 2.01: the average 2.0033 is not a whole tick; the limit may not round it up to pay more.
        assertThat(quote.body().get("best").get("total").asString()).isEqualTo("144.24");
        Reply nova = market.block("demo-nova-key", "qp-nova", V100, REGION, "BUY", 1, day, day.plus(Duration.ofDays(1)),
                "2.00");
        assertThat(nova.status()).isEqualTo(201);
        market.ask(V100, REGION, day, 1, 1, "2.01", "qp-refill");

        // Now 1 at 2.00 and 2 at 2.01: 144.48, over the quote's 144.24 though under its rounded average 2.01.
        Reply accept = market.accept("demo-acme-key", quote.body().get("quoteId").asString(), "qp-accept");

        assertThat(accept.status()).as(accept.toString()).isEqualTo(409);
        assertThat(accept.body().get("detail").asString()).contains("over your cap of 144.24");
        assertThat(childOrders("qp-accept")).isZero();
    }

    @Test
    void aFilteredShapeSaysWhyEachCandidateCannotRun() {
        Instant day = market.day(V100, REGION, 6);
        market.ask(V100, REGION, day, 1, 2, "6.00", "qr-v100");
        Reply quote = market.quote("demo-nova-key", shape("\"gpus\":2", day, day, 24,
                ",\"computeClasses\":[\"" + V100 + "\",\"" + MI250X + "\"],\"minMemoryGb\":64,"
                        + "\"maxPricePerGpuHour\":\"5.00\""));
        Reply price = market.quote("demo-nova-key", shape("\"gpus\":2", day, day, 24,
                ",\"computeClasses\":[\"" + V100 + "\"],\"maxPricePerGpuHour\":\"5.00\""));
        Reply scu = market.quote("demo-nova-key", shape("\"gpus\":2", day, day, 24,
                ",\"computeClasses\":[\"" + V100 + "\"],\"minScuPerGpu\":\"2\""));

        assertThat(quote.status()).isEqualTo(200);
        assertThat(quote.body().get("best").isNull()).isTrue();
        assertThat(quote.body().get("candidates")).extracting(c -> c.get("computeClass").asString() + " "
                + c.get("reason").asString()).containsExactly(V100 + " memory", MI250X + " no-capacity");
        assertThat(quote.body().get("candidates").get(1).get("total").isNull()).isTrue();
        assertThat(price.body().get("candidates").get(0).get("reason").asString()).isEqualTo("over-price");
        assertThat(scu.body().get("candidates").get(0).get("reason").asString()).isEqualTo("min-scu");
        Reply accept = market.accept("demo-nova-key", quote.body().get("quoteId").asString(), "qr-accept");
        assertThat(accept.status()).isEqualTo(409);
        assertThat(accept.code()).isEqualTo("quote-unavailable");
    }

    @Test
    void badShapesAreRefusedNamingTheField() {
        Instant day = market.day(V100, REGION, 0);
        assertThat(field(shape("\"gpus\":1,\"scu\":\"4\"", day, day, 24, ""))).isEqualTo("gpus");
        assertThat(field(shape("\"gpus\":1", day, day, 24, "").replace("\"durationHours\":24,", "")))
                .isEqualTo("durationHours");
        assertThat(field(shape("\"gpus\":0", day, day, 24, ""))).isEqualTo("gpus");
        assertThat(field(shape("\"scu\":\"-1\"", day, day, 24, ""))).isEqualTo("scu");
        assertThat(field(shape("\"gpus\":1", day, day, 0, ""))).isEqualTo("durationHours");
        assertThat(field(shape("\"gpus\":1", day.plusSeconds(60), day.plusSeconds(60), 24, "")))
                .isEqualTo("earliestStart");
        assertThat(field(shape("\"gpus\":1", day, day.minus(Duration.ofDays(1)), 24, ""))).isEqualTo("latestStart");
        assertThat(field(shape("\"gpus\":1", day, day, 24, ",\"computeClasses\":[\"NO-SUCH\"]")))
                .isEqualTo("computeClasses");
        assertThat(field(shape("\"gpus\":1", day, day, 24, "").replace(REGION, "XX-NOWHERE"))).isEqualTo("regions");
        assertThat(field(shape("\"gpus\":1", day, day.plus(Duration.ofDays(3650)), 24, ""))).isEqualTo("latestStart");
        Reply offTick = market.quote("demo-acme-key", shape("\"gpus\":1", day, day, 24,
                ",\"maxPricePerGpuHour\":\"1.001\""));
        assertThat(offTick.status()).isEqualTo(422);
        assertThat(offTick.code()).isEqualTo("invalid-price");
        assertThat(field(shape("\"gpus\":1", day.minus(Duration.ofDays(365 * 40)), day, 24, "")))
                .isEqualTo("earliestStart");
        assertThat(market.quote("demo-acme-key", "{\"gpus\":").status()).isEqualTo(400);
        assertThat(market.quote("demo-acme-key", shape("\"gpus\":1", day, day, 24, "")
                .replace(day.toString(), "tomorrow")).status()).isEqualTo(400);
        assertThat(market.accept("demo-acme-key", "any", "bad id!").status()).isEqualTo(400);
    }

    @Test
    void aQuoteIsAcceptedOnlyByItsOrganizationAndOnlyBeforeItExpires() {
        Instant day = market.day(V100, REGION, 8);
        market.ask(V100, REGION, day, 1, 2, "2.00", "qe-v100");
        String shape = shape("\"gpus\":1", day, day, 24, ",\"computeClasses\":[\"" + V100 + "\"]");
        String quoteId = market.quote("demo-acme-key", shape).body().get("quoteId").asString();
        String expiring = market.quote("demo-acme-key", shape).body().get("quoteId").asString();
        jdbc.sql("update market_quote set expires_at = ? where id = ?")
                .params(java.time.LocalDateTime.of(2020, 1, 1, 0, 0), expiring).update();

        Reply foreign = market.accept("demo-nova-key", quoteId, "qe-nova");
        Reply unknown = market.accept("demo-acme-key", "00000000-0000-0000-0000-000000000000", "qe-unknown");
        Reply expired = market.accept("demo-acme-key", expiring, "qe-expired");
        Reply provider = market.accept("demo-gzdh-key", quoteId, "qe-gzdh");
        Reply providerQuotes = market.quote("demo-gzdh-key", shape);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.code()).isEqualTo("quote-expired");
        assertThat(provider.status()).isEqualTo(403);
        assertThat(providerQuotes.status()).isEqualTo(200);
        assertThat(childOrders("qe-expired") + childOrders("qe-nova") + childOrders("qe-gzdh")).isZero();
        assertThat(market.send("POST", "/quotes", "no-such-key", shape).status()).isEqualTo(401);
    }

    private String field(String shape) {
        Reply reply = market.quote("demo-acme-key", shape);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        return reply.body().get("errors").get(0).get("field").asString();
    }

    static String shape(String size, Instant earliest, Instant latest, int hours, String more) {
        return "{" + size + ",\"durationHours\":" + hours + ",\"earliestStart\":\"" + earliest + "\",\"latestStart\":\""
                + latest + "\",\"regions\":[\"" + REGION + "\"]" + more + "}";
    }

    private long openBids() {
        return jdbc.sql("select count(*) from market_order o join organization g on g.id = o.organization_id "
                + "where g.code = 'ACME' and o.side = 'BUY' and o.status in ('NEW','PARTIALLY_FILLED')")
                .query(Long.class).single();
    }

    private long childOrders(String clientOrderId) {
        return jdbc.sql("select count(*) from market_order where client_order_id like ?").param(clientOrderId + ":%")
                .query(Long.class).single();
    }
}
