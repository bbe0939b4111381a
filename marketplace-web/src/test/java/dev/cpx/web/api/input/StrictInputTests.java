package dev.cpx.web.api.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each finding of the input review, by name: money strings, JSON types, duplicates, sizes, paging, Tomcat's 400s. */
@EmbeddedAppTest
class StrictInputTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger IDS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Api api;
    private String symbol;

    @BeforeEach
    void openInstrument() {
        api = new Api(port);
        symbol = api.openInstrument();
    }

    @Test
    void aMoneyNumberIsRefusedWith400() {
        Api.Answer answer = api.send("POST", "/orders", "demo-acme-key", order("2.50", "1").replace("\"2.50\"", "2.50"));

        assertThat(answer.problem(400).get("errors").get(0).get("field").asString()).isEqualTo("price");
        assertThat(answer.problem(400).get("detail").asString()).contains("price", "string");
        assertThat(api.send("POST", "/wallet/top-ups", "demo-acme-key", "{\"amount\":100}").problem(400)
                .get("errors").get(0).get("field").asString()).isEqualTo("amount");
    }

    @Test
    void fractionalGpusAreRefused() {
        Api.Answer answer = api.send("POST", "/orders", "demo-acme-key", order("1.00", "1.9"));

        assertThat(answer.problem(400).get("errors").get(0).get("field").asString()).isEqualTo("quantity");
        assertThat(answer.problem(400).get("errors").get(0).get("message").asString()).contains("integer");
    }

    @Test
    void quotedNumbersAndBooleansAreNotCoerced() {
        assertThat(field(api.send("POST", "/orders", "demo-acme-key", order("1.00", "\"3\"")))).isEqualTo("quantity");
        assertThat(field(api.send("POST", "/orders", "demo-acme-key", order("1.00", "true")))).isEqualTo("quantity");
        assertThat(field(api.send("POST", "/orders", "demo-acme-key",
                order("1.00", "1").replace("\"1.00\"", "true")))).isEqualTo("price");
        long orderId = restingBid();
        assertThat(field(api.send("PATCH", "/orders/" + orderId, "demo-acme-key", "{\"quantity\":\"1\"}")))
                .isEqualTo("quantity");
    }

    @Test
    void otherScriptsDigitsAreRefused() {
        assertThat(field(api.send("POST", "/orders", "demo-acme-key", order("\u0661.\u0665\u0660", "1"))))
                .isEqualTo("price");
        api.send("GET", "/offers?limit=" + encode("\u0661\u0660"), null, null).problem(400);
        api.send("GET", "/orders/" + encode("\u0661\u0662"), "demo-acme-key", null).problem(400);
    }

    @Test
    void instantsAreStringsAndUtilizationANumberOrDecimalString() {
        String beat = "{\"records\":[{\"cpid\":\"CP1.CN-EAST.SHCC.SH01.N0001.00\",\"at\":%s,\"status\":\"UP\","
                + "\"gpuUtilization\":%s}]}";

        assertThat(field(api.send("POST", "/heartbeats", "demo-shcc-key", beat.formatted("1764547200", "0.5"))))
                .isEqualTo("records[0].at");
        assertThat(field(api.send("POST", "/heartbeats", "demo-shcc-key",
                beat.formatted("\"2026-12-01T00:00:00Z\"", "\"1E+2147483647\"")))).isEqualTo("records[0].gpuUtilization");
        assertThat(field(api.send("POST", "/heartbeats", "demo-shcc-key",
                beat.formatted("\"2026-12-01T00:00:00Z\"", "true")))).isEqualTo("records[0].gpuUtilization");
    }

    @Test
    void duplicateKeysAreRefused() {
        String twice = order("1.00", "1").replace("{", "{\"price\":\"9.00\",");

        assertThat(api.send("POST", "/orders", "demo-acme-key", twice).problem(400).get("errors").get(0)
                .get("message").asString()).contains("twice");
    }

    @Test
    void unknownPropertiesAreRefusedByName() {
        String extra = order("1.00", "1").replace("{", "{\"leverage\":10,");

        JsonNode error = api.send("POST", "/orders", "demo-acme-key", extra).problem(400).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("leverage");
        assertThat(error.get("message").asString()).contains("quantity");
    }

    @Test
    void oversizedBodyIs413() {
        String padded = order("1.00", "1").replace("{", "{\"clientOrderIdPadding\":\"" + "x".repeat(1_100_000) + "\",");
        long ordersBefore = count("market_order");

        JsonNode problem = api.send("POST", "/orders", "demo-acme-key", padded).problem(413);

        assertThat(problem.get("code").asString()).isEqualTo("payload-too-large");
        assertThat(problem.get("maxBodyBytes").asLong()).isEqualTo(1_048_576);
        assertThat(count("market_order")).isEqualTo(ordersBefore);
    }

    /**
     * A 1.4 MB record, chunked, so no Content-Length to refuse up front: the reader stops at the limit. Kept
     * under Tomcat's 2 MB swallow size so the client reads the answer instead of a closed connection.
     */
    @Test
    void oversizedChunkedBodyIs413WhileRead() {
        var head = new ByteArrayInputStream("{\"records\":[{\"recordId\":\"".getBytes(StandardCharsets.UTF_8));
        var padding = new ByteArrayInputStream("x".repeat(1_400_000).getBytes(StandardCharsets.UTF_8));
        var tail = new ByteArrayInputStream("\"}]}".getBytes(StandardCharsets.UTF_8));
        long usageBefore = count("usage_record");

        Api.Answer answer = api.sendStream("/usage", "demo-shcc-key",
                new SequenceInputStream(new SequenceInputStream(head, padding), tail));

        assertThat(answer.problem(413).get("code").asString()).isEqualTo("payload-too-large");
        assertThat(count("usage_record")).isEqualTo(usageBefore);
    }

    /** What follows the 1,001st record is not even JSON: the answer shows it was never read. */
    @Test
    void aBatchPastTheLimitIsRefusedAtItsFirstExtraRecord() {
        String beat = "{\"cpid\":\"CP1.CN-EAST.SHCC.SH01.N0001.00\",\"at\":\"2026-12-01T00:00:00Z\","
                + "\"status\":\"UP\",\"gpuUtilization\":0.5}";
        String body = "{\"records\":[" + (beat + ",").repeat(1_001) + "{{{ not json";
        long before = count("node_heartbeat");

        JsonNode problem = api.send("POST", "/heartbeats", "demo-shcc-key", body).problem(422);

        assertThat(problem.get("code").asString()).isEqualTo("limit-exceeded");
        assertThat(count("node_heartbeat")).isEqualTo(before);
    }

    @Test
    void percentZeroInThePathIsProblemJson() {
        api.raw("GET /api/v1/offers%00 HTTP/1.1").problem(400);
        api.raw("GET /api/v1/instruments/%zz HTTP/1.1").problem(400);
        api.raw("GET /api/v1/offers?maxPrice=%zz HTTP/1.1").problem(400);
    }

    @Test
    void aRequestLineTooLongForTomcatIsProblemJson() {
        api.raw("GET /api/v1/offers?region=" + "x".repeat(20_000) + " HTTP/1.1").problem(400);
    }

    @Test
    void exponentMaxPriceIsRefusedQuickly() {
        long started = System.nanoTime();
        Api.Answer answer = api.send("GET", "/offers?maxPrice=" + encode("1E+2147483647"), null, null);

        assertThat(answer.problem(400).get("errors").get(0).get("field").asString()).isEqualTo("maxPrice");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        for (String field : new String[] {"price", "amount"}) {
            String body = field.equals("price") ? order("1E+2147483647", "1") : "{\"amount\":\"1E+2147483647\"}";
            api.send("POST", field.equals("price") ? "/orders" : "/wallet/top-ups", "demo-acme-key", body).problem(400);
        }
    }

    @Test
    void aMillionDigitPriceIsRefusedQuicklyWithAShortAnswer() {
        long started = System.nanoTime();
        Api.Answer answer = api.send("POST", "/orders", "demo-acme-key", order("9".repeat(1_000_000), "1"));

        answer.problem(400);
        assertThat(answer.body().length()).isLessThan(1_000);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unknownIdsAreQuotedShortAndPrintable() {
        String detail = api.send("GET", "/instruments/" + "X".repeat(5_000) + "%E2%80%AE", null, null).problem(404)
                .get("detail").asString();

        assertThat(detail.length()).isLessThan(120);
        assertThat(detail.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void hugePageIs400() {
        assertThat(field(api.send("GET", "/nodes?page=2147483647", "demo-shcc-key", null))).isEqualTo("page");
        assertThat(field(api.send("GET", "/instruments?offset=2147483647", null, null))).isEqualTo("offset");
        api.send("GET", "/nodes?page=99999999999", "demo-shcc-key", null).problem(400);
    }

    @Test
    void emptyAndNonObjectBodiesAre400() {
        for (String body : new String[] {"", "null", "[]", "\"x\"", "{", "{}{}", "{\"price\":NaN}"}) {
            api.send("POST", "/orders", "demo-acme-key", body).problem(400);
        }
    }

    @Test
    void otherContentTypesAndBrokenUtf8AreRefused() {
        byte[] brokenUtf8 = {'{', '"', 'p', 'r', 'i', 'c', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        api.sendBytes("/orders", "demo-acme-key", "application/json", brokenUtf8).problem(400);
        api.sendBytes("/orders", "demo-acme-key", "text/plain", order("1.00", "1").getBytes(StandardCharsets.UTF_8))
                .problem(415);
        api.sendBytes("/orders", "demo-acme-key", "application/x-www-form-urlencoded",
                "price=1.00&quantity=1".getBytes(StandardCharsets.UTF_8)).problem(415);
    }

    @Test
    void thePortalTicketShowsAReadableMessageForAnUnreadablePrice() {
        var browser = new Browser(port);
        browser.signIn("trader@acme.demo", "demo-pass-1");
        String page = browser.getHtml("/market/" + symbol).body();
        var reply = browser.postForm("/market/" + symbol + "/orders", Map.of("_csrf", Browser.csrfToken(page),
                "clientOrderId", "ticket-" + IDS.incrementAndGet(), "side", "BUY", "type", "LIMIT",
                "timeInForce", "GTC", "price", "1E+2147483647", "quantity", "1"));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.body()).contains("is not a decimal number such as 2.50");
    }

    @Test
    void thePortalAmendFormShowsAReadableMessageForAnUnreadablePriceOrQuantity() {
        long orderId = restingBid();
        var browser = new Browser(port);
        browser.signIn("trader@acme.demo", "demo-pass-1");
        String token = Browser.csrfToken(browser.getHtml("/orders").body());

        var price = browser.follow(browser.postForm("/orders/" + orderId + "/amend",
                Map.of("_csrf", token, "price", "9".repeat(100_000))));
        var quantity = browser.follow(browser.postForm("/orders/" + orderId + "/amend",
                Map.of("_csrf", token, "quantity", "\u0661")));

        assertThat(price.status()).isEqualTo(200);
        assertThat(price.body()).contains("was not amended", "is too long");
        assertThat(quantity.body()).contains("was not amended", "whole number of GPUs");
    }

    String order(String price, String quantity) {
        return "{\"clientOrderId\":\"strict-" + IDS.incrementAndGet() + "\",\"instrument\":\"" + symbol
                + "\",\"side\":\"BUY\",\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"" + price
                + "\",\"quantity\":" + quantity + "}";
    }

    private long restingBid() {
        Api.Answer placed = api.send("POST", "/orders", "demo-acme-key", order("1.00", "1"));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        return placed.json().get("orderId").asLong();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static String field(Api.Answer answer) {
        return answer.problem(400).get("errors").get(0).get("field").asString();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Raw requests to /api/v1, bodies sent as given. */
    record Api(int port, HttpClient http) {

        Api(int port) {
            this(port, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        record Answer(int status, String contentType, String body) {

            JsonNode json() {
                return JSON.readTree(body);
            }

            JsonNode problem(int expectedStatus) {
                assertThat(status).as("status of %s", this).isEqualTo(expectedStatus);
                assertThat(contentType).as("content type of %s", this).startsWith("application/problem+json");
                return json();
            }

            @Override
            public String toString() {
                return status + " " + contentType + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
            }
        }

        String openInstrument() {
            JsonNode list = send("GET", "/instruments?status=OPEN&computeClass=A100-SXM-80G&limit=200", null, null).json();
            return list.get(list.size() - 1).get("symbol").asString();
        }

        Answer send(String method, String path, String key, String body) {
            return exchange(request(path, key).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)));
        }

        Answer sendBytes(String path, String key, String contentType, byte[] body) {
            return sendBytes("POST", path, key, contentType, body);
        }

        Answer sendBytes(String method, String path, String key, String contentType, byte[] body) {
            return exchange(request(path, key).setHeader("Content-Type", contentType)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        Answer sendStream(String path, String key, InputStream body) {
            return exchange(request(path, key).POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
        }

        /** A request line sent over a plain socket, for what HttpClient refuses to send. */
        Answer raw(String requestLine) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAccept: application/json\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int headersEnd = response.indexOf("\r\n\r\n");
                String head = response.substring(0, headersEnd);
                String contentType = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                        .map(l -> l.substring("content-type:".length()).strip()).findFirst().orElse("");
                String body = response.substring(headersEnd + 4);
                if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                    body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
                }
                return new Answer(Integer.parseInt(head.substring(9, 12)), contentType, body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private HttpRequest.Builder request(String path, String key) {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json").header("Content-Type", "application/json");
            if (key != null) {
                builder.header("Authorization", "Bearer " + key);
            }
            return builder;
        }

        private Answer exchange(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        static String query(Map<String, String> parameters) {
            return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
        }
    }
}
