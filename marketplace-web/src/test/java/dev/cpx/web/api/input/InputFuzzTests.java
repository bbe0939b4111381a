package dev.cpx.web.api.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.api.input.StrictInputTests.Api;
import dev.cpx.web.support.EmbeddedAppTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeded random and boundary input on the write endpoints and the public queries: no answer is a 5xx, every
 * 4xx is a problem document, and a refused request stores nothing. A failure names the seed and the request.
 */
@EmbeddedAppTest
class InputFuzzTests {

    private static final int REQUESTS_PER_SEED = 50;
    private static final List<String> TABLES = List.of("market_order", "usage_record", "node_heartbeat", "wallet_top_up");
    private static final AtomicInteger IDS = new AtomicInteger();

    /** JSON values that are wrong somewhere: huge, exponent, negative, NaN, other scripts' digits, wrong types. */
    private static final List<String> JSON_VALUES = List.of("1E+2147483647", "\"1E+2147483647\"", "1e400", "-1",
            "\"-1\"", "0", "\"0\"", "1.9", "\"1.9\"", "9223372036854775808", "-9223372036854775809",
            "\"9223372036854775807\"", "NaN", "\"NaN\"", "Infinity", "\"\u0661\u0662\"", "\"\uff11\uff12\"", "\"2.50\"",
            "2.50", "true", "false", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "\" \"", "\"\\u0000\"",
            "\"2.5e3\"", "\"0x10\"", "\"+2.50\"", "\"2.501\"", "\"1 000\"", "\"2026-12-01T00:00:00Z\"", "1764547200",
            "\"" + "9".repeat(100_000) + "\"", "9".repeat(5_000), "[".repeat(3_000) + "]".repeat(3_000),
            "{\"a\":".repeat(600) + "1" + "}".repeat(600));
    /** Whole bodies that are not a request at all. */
    private static final List<String> BODIES = List.of("", "null", "[]", "\"x\"", "{", "}", "{}{}", "{\"records\":",
            "{\"a\" 1}", "[{}]", "{\"records\":[" + "{},".repeat(2_000) + "{}]}",
            "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
    private static final List<String> QUERY_VALUES = List.of("1E+2147483647", "-1", "0", "2147483647", "2147483648",
            "99999999999999999999", "NaN", "\u0661\u0662", "\uff11\uff12", "2.50", "2.501", "", " ", "OPEN", "open",
            "2026-12-01", "2026-12-01T00:00:00Z", "2026-13-45", "\u0000", "<script>", "9".repeat(3_000),
            "x".repeat(9_000));

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private Api api;
    private String symbol;
    private long restingOrderId;

    @BeforeEach
    void market() {
        api = new Api(port);
        symbol = api.openInstrument();
        var placed = api.send("POST", "/orders", "demo-acme-key", "{\"clientOrderId\":\"fuzz-rest-"
                + IDS.incrementAndGet() + "\",\"instrument\":\"" + symbol + "\",\"side\":\"BUY\",\"type\":\"LIMIT\","
                + "\"timeInForce\":\"GTC\",\"price\":\"0.50\",\"quantity\":1}");
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        restingOrderId = placed.json().get("orderId").asLong();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void noInputIsA500AndARefusedRequestStoresNothing(long seed) {
        var random = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            Request request = random.nextInt(4) == 0 ? query(random) : write(random);
            Map<String, Long> before = counts();
            Api.Answer answer = request.send(api);
            String where = "seed " + seed + ", request " + i + ": " + request;
            assertThat(answer.status()).as("%s answered %s", where, answer).isLessThan(500);
            if (answer.status() >= 400) {
                assertThat(answer.contentType()).as("%s answered %s", where, answer)
                        .startsWith("application/problem+json");
                if (!request.method().equals("GET")) {
                    assertThat(counts()).as("rows after the refused %s", where).isEqualTo(before);
                }
            }
        }
    }

    record Request(String method, String path, String key, String body) {

        Api.Answer send(Api api) {
            return api.send(method, path, key, body);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "...(" + body.length()
                    + " chars)" : body;
            return method + " " + (path.length() > 300 ? path.substring(0, 300) + "..." : path) + " " + shown;
        }
    }

    private Request write(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new Request("POST", "/orders", "demo-acme-key", body(random, order(), false));
            case 1 -> new Request("PATCH", "/orders/" + restingOrderId, "demo-acme-key",
                    body(random, fields("price", "\"0.40\"", "quantity", "1"), false));
            case 2 -> new Request("POST", "/usage", "demo-shcc-key", body(random, usage(), true));
            case 3 -> new Request("POST", "/heartbeats", "demo-shcc-key", body(random, heartbeat(), true));
            default -> new Request("POST", "/wallet/top-ups", "demo-acme-key",
                    body(random, fields("amount", "\"10.00\""), false));
        };
    }

    private Request query(Random random) {
        boolean offers = random.nextBoolean();
        List<String> names = offers ? List.of("computeClass", "region", "maxPrice", "from", "to", "limit")
                : List.of("computeClass", "region", "status", "from", "to", "offset", "limit", "page", "size");
        var parameters = new LinkedHashMap<String, String>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            parameters.put(names.get(random.nextInt(names.size())), pick(random, QUERY_VALUES));
        }
        return new Request("GET", (offers ? "/offers?" : "/instruments?") + Api.query(parameters), null, null);
    }

    /** A valid body of the endpoint with one to three mutations, or now and then no request at all. */
    private static String body(Random random, Map<String, String> valid, boolean batch) {
        if (random.nextInt(8) == 0) {
            return pick(random, BODIES);
        }
        var fields = new ArrayList<>(valid.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList());
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutate(random, fields);
        }
        String object = fields.stream().map(f -> "\"" + f[0] + "\":" + f[1]).collect(Collectors.joining(",", "{", "}"));
        if (!batch) {
            return object;
        }
        return switch (random.nextInt(6)) {
            case 0 -> "{\"records\":" + pick(random, JSON_VALUES) + "}";
            case 1 -> "{\"records\":[" + object + "],\"records\":[]}";
            case 2 -> "{\"records\":[" + object + "],\"" + unknownName(random) + "\":1}";
            default -> "{\"records\":[" + object + "]}";
        };
    }

    private static void mutate(Random random, List<String[]> fields) {
        int index = random.nextInt(fields.size());
        switch (random.nextInt(5)) {
            case 0, 1 -> fields.get(index)[1] = random.nextInt(6) == 0 ? randomNumber(random) : pick(random, JSON_VALUES);
            case 2 -> fields.remove(index);
            case 3 -> fields.add(new String[] {unknownName(random), pick(random, JSON_VALUES)});
            default -> fields.add(new String[] {fields.get(index)[0], pick(random, JSON_VALUES)});
        }
        if (fields.isEmpty()) {
            fields.add(new String[] {unknownName(random), "1"});
        }
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40)));
            default -> "\"" + random.nextInt(1_000_000) + "." + random.nextInt(1000) + "\"";
        };
    }

    private static String unknownName(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "leverage";
            case 1 -> "x".repeat(1 + random.nextInt(5_000));
            default -> "\\u0661" + random.nextInt(100);
        };
    }

    private Map<String, String> order() {
        return fields("clientOrderId", "\"fuzz-" + IDS.incrementAndGet() + "\"", "instrument", "\"" + symbol + "\"",
                "side", "\"BUY\"", "type", "\"LIMIT\"", "timeInForce", "\"GTC\"", "price", "\"0.30\"", "quantity", "1");
    }

    private static Map<String, String> usage() {
        return fields("recordId", "\"fuzz-" + IDS.incrementAndGet() + "\"", "contractId", "1",
                "cpid", "\"CP1.CN-EAST.SHCC.SH01.N0001.00\"", "intervalStart", "\"2026-12-01T00:00:00Z\"",
                "intervalEnd", "\"2026-12-01T01:00:00Z\"", "gpuSeconds", "3600");
    }

    private static Map<String, String> heartbeat() {
        return fields("cpid", "\"CP1.CN-EAST.SHCC.SH01.N0001.00\"", "at", "\"2026-12-01T00:00:00Z\"",
                "status", "\"UP\"", "gpuUtilization", "0.5");
    }

    private static Map<String, String> fields(String... namesAndValues) {
        var fields = new LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private Map<String, Long> counts() {
        var counts = new LinkedHashMap<String, Long>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }
}
