package dev.cpx.web.api.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.api.input.StrictInputTests.Api;
import dev.cpx.web.support.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Seeded random and boundary input on every write endpoint of {@code /api/v1} and every query parameter (and path
 * variable) of its reads, taken from the request mapping so that a new endpoint is fuzzed without being listed.
 * Bodies start from the shape of the handler's {@code @RequestBody} record, filled as a caller would, then
 * mutated; some are replaced whole, sent as broken UTF-8, or grown to the 1 MiB limit and one byte past it. Each
 * request carries a key that may call the endpoint (the platform's for platform endpoints). Asserted for every
 * answer: no 5xx, a problem document for every 4xx, and after a refused write the same row counts as before it. A
 * failure names the seed and the request. Its own database: valid inputs are accepted now and then, and some
 * endpoints run settlement.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx_endpoint_fuzz;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointInputFuzzTests {

    private static final String API = "/api/v1";
    private static final int WRITES_PER_ENDPOINT = 10;
    private static final List<String> TABLES = List.of("api_key", "contract", "contract_allocation", "dispute",
            "market_order", "node", "node_heartbeat", "organization", "settlement_audit", "settlement_period",
            "statement", "trade", "usage_record", "wallet_top_up");
    private static final String PROVIDER_KEY = "demo-shcc-key";
    private static final String PLATFORM_KEY = "demo-admin-key";
    private static final AtomicInteger IDS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;
    @Autowired
    JdbcClient jdbc;

    private Api api;
    private List<Endpoint> writes;
    private List<Endpoint> reads;
    private String symbol;
    private String restingOrderId;
    private String cpid;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();

    @BeforeAll
    void endpointsAndMarket() {
        List<Endpoint> endpoints = Endpoint.ofApplication(mapping).stream()
                .filter(e -> e.path().startsWith(API + "/")).toList();
        writes = endpoints.stream().filter(Endpoint::isWrite).toList();
        reads = endpoints.stream().filter(e -> e.method().equals("GET")
                && !(e.queryParameters().isEmpty() && e.pathVariables().isEmpty())).toList();
        api = new Api(port);
        symbol = api.openInstrument();
        cpid = Cpid.of("CN-EAST", "SHCC", "SH01", "N0001").value();
        var placed = api.send("POST", "/orders", PROVIDER_KEY, "{\"clientOrderId\":\"fuzz-resting\",\"instrument\":\""
                + symbol + "\",\"side\":\"BUY\",\"type\":\"LIMIT\",\"price\":\"0.50\",\"quantity\":4}");
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        restingOrderId = placed.json().get("orderId").asString();
        assertThat(writes).as("write endpoints of %s", API).hasSizeGreaterThanOrEqualTo(10);
        assertThat(reads).as("reads with parameters").hasSizeGreaterThanOrEqualTo(10);
    }

    @AfterAll
    void figures() {
        System.out.printf("Endpoint input fuzz: %d write endpoints, %d reads (%d query parameters), %d requests in "
                        + "%d ms, answers by status %s%n", writes.size(), reads.size(),
                reads.stream().mapToInt(e -> e.queryParameters().size()).sum(), requests.get(), nanos.get() / 1_000_000,
                statuses);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void noInputIsA5xxEveryRefusalIsAProblemAndARefusedWriteStoresNothing(long seed) {
        long started = System.nanoTime();
        var random = new Random(seed);
        var counts = new Counts(rowCounts());
        int index = 0;
        try {
            for (Endpoint endpoint : writes) {
                for (int i = 0; i < WRITES_PER_ENDPOINT; i++) {
                    check(seed, index++, write(random, endpoint), counts);
                }
            }
            for (Endpoint endpoint : reads) {
                for (String parameter : endpoint.queryParameters()) {
                    check(seed, index++, read(random, endpoint, List.of(parameter), false), counts);
                }
                check(seed, index++, read(random, endpoint, endpoint.queryParameters(),
                        !endpoint.pathVariables().isEmpty()), counts);
            }
        } finally {
            nanos.addAndGet(System.nanoTime() - started);
        }
    }

    /** One request; {@code body} null for none. */
    record Request(String method, String path, String key, byte[] body) {

        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            shown = shown.length() > 300 ? shown.substring(0, 300) + "...(" + body.length + " bytes)" : shown;
            return method + " " + API + (path.length() > 300 ? path.substring(0, 300) + "..." : path) + " " + shown;
        }
    }

    /** The row counts after the last request, so that each write is compared with what came just before it. */
    private static final class Counts {
        private Map<String, Long> last;

        Counts(Map<String, Long> initial) {
            last = initial;
        }
    }

    private void check(long seed, int index, Request request, Counts counts) {
        Api.Answer answer = api.sendBytes(request.method(), request.path(), request.key(), "application/json",
                request.body());
        String where = "seed " + seed + ", request " + index + ": " + request;
        requests.incrementAndGet();
        statuses.merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as("%s answered %s", where, answer).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as("%s answered %s", where, answer).startsWith("application/problem+json");
        }
        if (!request.method().equals("GET")) {
            Map<String, Long> now = rowCounts();
            if (answer.status() >= 400) {
                assertThat(now).as("rows after the refused %s (answered %s)", where, answer).isEqualTo(counts.last);
            }
            counts.last = now;
        }
    }

    private Request write(Random random, Endpoint endpoint) {
        boolean fuzzPath = endpoint.method().equals("DELETE") || random.nextInt(5) == 0;
        String path = path(random, endpoint, fuzzPath);
        Class<?> bodyType = bodyType(endpoint);
        return new Request(endpoint.method(), path, keyFor(endpoint), bodyType == null
                ? (random.nextInt(3) == 0 ? wholeBody(random, "{}") : null)
                : body(random, bodyType));
    }

    private byte[] body(Random random, Class<?> type) {
        if (!type.isRecord()) {
            return random.nextBoolean() ? wholeBody(random, "{}") : utf8(FuzzValues.anyValue(random));
        }
        FuzzBody valid = FuzzBody.of(type, this::nearValid);
        return switch (random.nextInt(10)) {
            case 0 -> wholeBody(random, valid.render());
            case 1 -> valid.withBrokenString(random).bytes(FuzzValues.BROKEN_UTF8.get(
                    random.nextInt(FuzzValues.BROKEN_UTF8.size())));
            case 2 -> utf8(valid.render());
            default -> utf8(valid.mutated(random).render());
        };
    }

    /** Something other than the endpoint's object: not JSON, the object in an array, or near the size limit. */
    private static byte[] wholeBody(Random random, String object) {
        return switch (random.nextInt(5)) {
            case 0 -> utf8("[" + object + "]");
            case 1 -> utf8(FuzzValues.padded(object, FuzzValues.MAX_BODY_BYTES - random.nextInt(64)));
            case 2 -> utf8(FuzzValues.padded(object, FuzzValues.MAX_BODY_BYTES + 1 + random.nextInt(64)));
            default -> utf8(FuzzValues.pick(random, FuzzValues.BODIES));
        };
    }

    private Request read(Random random, Endpoint endpoint, List<String> parameters, boolean fuzzPath) {
        var query = new ArrayList<String>();
        for (String parameter : parameters) {
            if (parameters.size() == 1 || random.nextBoolean()) {
                query.add(parameter + "=" + FuzzValues.encodedValue(random, FuzzValues.QUERY_VALUES));
            }
        }
        if (random.nextInt(4) == 0 && !query.isEmpty()) {
            query.add(query.getFirst());
        }
        String path = path(random, endpoint, fuzzPath);
        return new Request("GET", path + (query.isEmpty() ? "" : "?" + String.join("&", query)), keyFor(endpoint),
                null);
    }

    /** The endpoint's path under {@code /api/v1}, its variables valid, or one of them fuzzed. */
    private String path(Random random, Endpoint endpoint, boolean fuzz) {
        List<String> variables = endpoint.pathVariables();
        String fuzzed = fuzz && !variables.isEmpty() ? variables.get(random.nextInt(variables.size())) : null;
        return endpoint.fill(name -> name.equals(fuzzed) ? FuzzValues.encodedValue(random, FuzzValues.PATH_VALUES)
                : validPathValue(name)).substring(API.length());
    }

    private String validPathValue(String name) {
        return switch (name) {
            case "orderId" -> restingOrderId;
            case "cpid" -> cpid;
            case "symbol" -> symbol;
            case "organizationCode" -> "SHCC";
            case "extension" -> "csv";
            default -> "1";
        };
    }

    /** JSON a caller would send for a property of this name, or null to fill it by its type. */
    private String nearValid(String name) {
        return switch (name) {
            case "clientOrderId", "recordId" -> "\"fuzz-" + IDS.incrementAndGet() + "\"";
            case "instrument" -> "\"" + symbol + "\"";
            case "side" -> "\"BUY\"";
            case "type" -> "\"LIMIT\"";
            case "timeInForce" -> "\"GTC\"";
            case "price" -> "\"0.30\"";
            case "cpid" -> "\"" + cpid + "\"";
            case "cpids" -> "[\"" + cpid + "\"]";
            case "computeClass" -> "\"H100-SXM-80G\"";
            case "gpuCount" -> "8";
            case "intervalEnd" -> "\"2026-12-01T01:00:00Z\"";
            case "gpuSeconds" -> "3600";
            case "status" -> "\"UP\"";
            case "amount" -> "\"10.00\"";
            case "adjustment" -> "\"0.00\"";
            case "to" -> "\"BUYER\"";
            case "advanceBy" -> "\"PT0S\"";
            case "periodEnd" -> "\"2026-12-02T00:00:00Z\"";
            default -> null;
        };
    }

    private static Class<?> bodyType(Endpoint endpoint) {
        return java.util.Arrays.stream(endpoint.handler().getMethodParameters())
                .filter(p -> p.hasParameterAnnotation(RequestBody.class))
                .map(p -> (Class<?>) p.getParameterType()).findFirst().orElse(null);
    }

    /** The platform's key where the endpoint is the platform's, else a buyer-and-provider's with every permission. */
    private static String keyFor(Endpoint endpoint) {
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(endpoint.handler().getMethod(),
                PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(endpoint.handler().getBeanType(), PreAuthorize.class);
        }
        return rule != null && rule.value().contains("PLATFORM") ? PLATFORM_KEY : PROVIDER_KEY;
    }

    private Map<String, Long> rowCounts() {
        return TABLES.stream().collect(Collectors.toMap(t -> t,
                t -> jdbc.sql("select count(*) from " + t).query(Long.class).single(), (a, b) -> a, LinkedHashMap::new));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
