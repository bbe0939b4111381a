package dev.cpx.web.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The public catalog reads of the API contract, called anonymously against the running application. */
@EmbeddedAppTest
class CatalogApiTests {

    private static final int CLASS_COUNT = 14;
    private static final int REGION_COUNT = 6;
    private static final int HORIZON_DAYS = 14;
    private static final int INSTRUMENTS_PER_DAY = CLASS_COUNT * REGION_COUNT;
    private static final Set<String> STATUSES = Set.of("OPEN", "CLOSED", "DELIVERING", "DELIVERED");

    @LocalServerPort
    int port;

    private Browser anonymous;

    @BeforeEach
    void anonymousCaller() {
        anonymous = new Browser(port);
    }

    @Test
    void computeClassesListTheFourteenStandardClassesWithScuAsDecimalString() {
        Reply reply = anonymous.get("/api/v1/compute-classes");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode classes = reply.json();
        assertThat(classes.size()).isEqualTo(CLASS_COUNT);
        for (JsonNode computeClass : classes.values()) {
            assertThat(computeClass.propertyNames()).contains("code", "vendor", "model", "architecture", "memoryGb",
                    "fp16Tflops", "fp32Tflops", "scu");
            assertThat(computeClass.get("scu").isString()).as("scu of %s is a string", computeClass).isTrue();
            assertThat(computeClass.get("scu").asString()).matches("\\d+\\.\\d{2}");
            assertThat(computeClass.get("memoryGb").isInt()).isTrue();
        }
        JsonNode h100 = byCode(classes, "H100-SXM-80G");
        assertThat(h100.get("scu").asString()).isEqualTo("9.89");
        assertThat(h100.get("vendor").asString()).isEqualTo("NVIDIA");
        assertThat(h100.get("memoryGb").asInt()).isEqualTo(80);
    }

    @Test
    void regionsListTheSixRegionsWithNameAndCountry() {
        Reply reply = anonymous.get("/api/v1/regions");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode regions = reply.json();
        assertThat(regions.size()).isEqualTo(REGION_COUNT);
        for (JsonNode region : regions.values()) {
            assertThat(region.propertyNames()).contains("code", "name", "country");
            assertThat(region.get("code").asString()).matches("[A-Z]{2}-[A-Z]{2,10}");
            assertThat(region.get("country").asString()).matches("[A-Z]{2}");
        }
        assertThat(codes(regions)).contains("CN-EAST", "CN-NORTH", "CN-WEST", "CN-SOUTH");
    }

    @Test
    void instrumentsCoverEveryClassAndRegionForTheHorizonWithoutPrices() {
        JsonNode instruments = instruments("limit=2000");

        assertThat(instruments.size()).isEqualTo(HORIZON_DAYS * INSTRUMENTS_PER_DAY);
        for (JsonNode instrument : instruments.values()) {
            assertThat(instrument.propertyNames()).contains("symbol", "computeClass", "region", "deliveryStart",
                    "deliveryEnd", "hours", "status", "bestBid", "bestAsk", "lastPrice");
            assertThat(instrument.get("bestBid").isNull()).isTrue();
            assertThat(instrument.get("bestAsk").isNull()).isTrue();
            assertThat(instrument.get("lastPrice").isNull()).isTrue();
            assertThat(STATUSES).contains(instrument.get("status").asString());
            assertThat(instrument.get("hours").asLong()).isEqualTo(24);
            Instant start = Instant.parse(instrument.get("deliveryStart").asString());
            assertThat(instrument.get("deliveryStart").asString()).endsWith("Z");
            assertThat(instrument.get("symbol").asString()).isEqualTo(instrument.get("computeClass").asString()
                    + "." + instrument.get("region").asString() + "." + LocalDate.ofInstant(start, ZoneOffset.UTC));
        }
    }

    @Test
    void computeClassFilterReturnsOnlyThatClass() {
        JsonNode instruments = instruments("computeClass=H100-SXM-80G&limit=2000");

        assertThat(instruments.size()).isEqualTo(HORIZON_DAYS * REGION_COUNT);
        assertThat(values(instruments, "computeClass")).containsOnly("H100-SXM-80G");
    }

    @Test
    void regionFilterReturnsOnlyThatRegion() {
        JsonNode instruments = instruments("region=CN-EAST&limit=2000");

        assertThat(instruments.size()).isEqualTo(HORIZON_DAYS * CLASS_COUNT);
        assertThat(values(instruments, "region")).containsOnly("CN-EAST");
    }

    @Test
    void classAndRegionTogetherGiveOneInstrumentPerDay() {
        JsonNode instruments = instruments("computeClass=H100-SXM-80G&region=CN-EAST");

        assertThat(instruments.size()).isEqualTo(HORIZON_DAYS);
        assertThat(new HashSet<>(values(instruments, "deliveryStart"))).hasSize(HORIZON_DAYS);
    }

    @Test
    void fromAndToBoundTheDeliveryStart() {
        LocalDate dayAfterTomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        JsonNode instruments = instruments("from=" + dayAfterTomorrow + "&to=" + dayAfterTomorrow.plusDays(1)
                + "&limit=2000");

        assertThat(instruments.size()).isEqualTo(INSTRUMENTS_PER_DAY);
        assertThat(values(instruments, "deliveryStart"))
                .containsOnly(dayAfterTomorrow.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }

    @Test
    void fromAcceptsAnInstant() {
        Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(HORIZON_DAYS - 1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        JsonNode instruments = instruments("from=" + start + "&limit=2000");

        assertThat(instruments.size()).isEqualTo(INSTRUMENTS_PER_DAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPEN", "CLOSED", "DELIVERING", "DELIVERED"})
    void statusFilterReturnsOnlyInstrumentsInThatStatus(String status) {
        JsonNode instruments = instruments("status=" + status + "&limit=2000");

        assertThat(values(instruments, "status")).allMatch(status::equals);
    }

    @Test
    void statusFiltersPartitionTheCalendar() {
        int total = 0;
        for (String status : STATUSES) {
            total += instruments("status=" + status.toLowerCase() + "&limit=2000").size();
        }
        assertThat(total).isEqualTo(HORIZON_DAYS * INSTRUMENTS_PER_DAY);
        assertThat(instruments("status=OPEN&limit=2000").size())
                .isGreaterThanOrEqualTo((HORIZON_DAYS - 2) * INSTRUMENTS_PER_DAY);
        assertThat(instruments("status=DELIVERING&limit=2000").size()).isEqualTo(INSTRUMENTS_PER_DAY);
    }

    @Test
    void offsetAndLimitPageThroughTheOrderedList() {
        List<String> all = values(instruments("limit=30"), "symbol");
        List<String> secondPage = values(instruments("offset=10&limit=10"), "symbol");

        assertThat(all).hasSize(30);
        assertThat(secondPage).isEqualTo(all.subList(10, 20));
    }

    @Test
    void limitAboveTheMaximumIsRefusedAsBadInput() {
        assertProblem(anonymous.get("/api/v1/instruments?limit=2001"), 400);
    }

    @Test
    void unknownStatusIsRefusedWithAFieldError() {
        Reply reply = anonymous.get("/api/v1/instruments?status=TRADING");

        JsonNode problem = assertProblem(reply, 400);
        assertThat(problem.get("code").asString()).isEqualTo("validation-failed");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=2026-13-45", "from=tomorrow", "to=2026-12-01T25:00:00Z", "to=01.12.2026"})
    void malformedDatesAreRefusedWithAFieldError(String parameter) {
        Reply reply = anonymous.get("/api/v1/instruments?" + parameter);

        JsonNode problem = assertProblem(reply, 400);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(parameter.split("=")[0]);
    }

    @Test
    void oneInstrumentIsReadBySymbol() {
        JsonNode first = instruments("computeClass=H100-SXM-80G&region=CN-EAST&status=OPEN&limit=1").get(0);
        String symbol = first.get("symbol").asString();

        Reply reply = anonymous.get("/api/v1/instruments/" + symbol);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("symbol").asString()).isEqualTo(symbol);
        assertThat(reply.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(reply.json().get("bestBid").isNull()).isTrue();
    }

    @Test
    void unknownSymbolIsANotFoundProblem() {
        JsonNode problem = assertProblem(anonymous.get("/api/v1/instruments/H100-SXM-80G.MARS-BASE.2026-12-01"), 404);

        assertThat(problem.get("code").asString()).isEqualTo("not-found");
        assertThat(problem.get("type").asString()).isEqualTo("urn:cpx:problem:not-found");
    }

    @Test
    void catalogReadsNeedNoCredentialsButAcceptThem() {
        assertThat(anonymous.get("/api/v1/compute-classes").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/regions").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/instruments?limit=1").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/regions", "Authorization", Browser.bearer("demo-nova-key")).status())
                .isEqualTo(200);
    }

    private JsonNode instruments(String query) {
        Reply reply = anonymous.get("/api/v1/instruments?" + query);
        assertThat(reply.status()).as("GET instruments?%s: %s", query, reply).isEqualTo(200);
        return reply.json();
    }

    static JsonNode assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("urn:cpx:problem:");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("code").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode byCode(JsonNode list, String code) {
        return list.values().stream().filter(n -> code.equals(n.get("code").asString())).findFirst().orElseThrow();
    }

    private static List<String> codes(JsonNode list) {
        return values(list, "code");
    }

    private static List<String> values(JsonNode list, String field) {
        return list.values().stream().map(n -> n.get(field).asString()).toList();
    }
}
