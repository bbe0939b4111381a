package dev.cpx.web.api.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.market.JournalAudit;
import dev.cpx.core.market.MarketService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal is the market's audit trail: every command it holds, replayed through a fresh core from the empty
 * start, ends in the state the tables hold; a balance changed behind the market's back shows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:market-audit;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
@DirtiesContext
class MarketJournalAuditTests {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    MarketService market;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void replayingTheJournalReachesTheStateOfTheTablesAndABalanceChangedBehindItsBackShows() throws Exception {
        String day = "H20-96G.CN-NORTH." + LocalDate.now(ZoneOffset.UTC).plusDays(3) + "T12";
        String other = "H20-96G.CN-NORTH." + LocalDate.now(ZoneOffset.UTC).plusDays(4) + "T12";
        order("demo-shcc-key", day, "SELL", "1.50", 8);
        order("demo-shcc-key", other, "SELL", "1.40", 2);
        order("demo-acme-key", day, "BUY", "1.80", 5);
        long bid = order("demo-nova-key", day, "BUY", "1.20", 4).get("orderId").asLong();
        send("PATCH", "/orders/" + bid, "demo-nova-key", "{\"price\":\"1.30\",\"quantity\":3}");
        long resting = order("demo-acme-key", other, "BUY", "1.10", 1).get("orderId").asLong();
        send("DELETE", "/orders/" + resting, "demo-acme-key", null);
        order("demo-acme-key", other, "BUY", "1.40", 2);
        send("PUT", "/account/spend-limits", "demo-nova-key", "{\"perOrder\":\"500.00\",\"perDay\":\"900.00\"}");

        JournalAudit audit = market.auditJournal();

        assertThat(audit.commands()).as("journaled commands").isGreaterThan(8);
        assertThat(audit.gaps()).isZero();
        assertThat(audit.outcomeMismatches()).isZero();
        assertThat(audit.replayedHash()).isEqualTo(audit.databaseHash());
        assertThat(audit.consistent()).isTrue();

        jdbc.sql("update ledger_account set balance_minor = balance_minor + 1 where code = "
                + "(select concat('ORG:', id, ':AVAILABLE') from organization where code = 'NOVA')").update();

        assertThat(market.auditJournal().consistent()).as("after a balance changed outside the market").isFalse();
        jdbc.sql("update ledger_account set balance_minor = balance_minor - 1 where code = "
                + "(select concat('ORG:', id, ':AVAILABLE') from organization where code = 'NOVA')").update();
        assertThat(market.auditJournal().consistent()).as("the balance put back").isTrue();
        jdbc.sql("update spend_limit set per_day_minor = per_day_minor + 1").update();
        assertThat(market.auditJournal().consistent()).as("after a spend limit changed outside the market").isFalse();
    }

    private JsonNode order(String key, String symbol, String side, String price, long quantity) throws Exception {
        JsonNode answer = send("POST", "/orders", key, """
                {"clientOrderId":"audit-%d","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"GTC",\
                "price":"%s","quantity":%d}""".formatted(IDS.incrementAndGet(), symbol, side, price, quantity));
        assertThat(answer.get("orderId")).as("%s", answer).isNotNull();
        return answer;
    }

    private JsonNode send(String method, String path, String key, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Accept", "application/json").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }
}
