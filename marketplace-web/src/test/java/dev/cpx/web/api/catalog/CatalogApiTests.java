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
    private static final int INSTRUMENTS_PER_HOUR = CLASS_COUNT * REGION_COUNT;
    private static final String DAY_AFTER_TOMORROW = "from=" + LocalDate.now(ZoneOffset.UTC).plusDays(2) + "&to="
            + LocalDate.now(ZoneOffset.UTC).plusDays(3);
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
    void instrumentsCoverEveryHourOfEveryClassAndRegionWithoutPrices() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        for (int hour : List.of(0, 13, 23)) {
            Instant hourStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L);
            JsonNode instruments = instruments("from=" + day + "T" + String.format("%02d", hour) + "&to="
                    + hourStart.plusSeconds(3600) + "&limit=2000");

            assertThat(instruments.size()).isEqualTo(INSTRUMENTS_PER_HOUR);
            for (JsonNode instrument : instruments.values()) {
                assertThat(instrument.propertyNames()).contains("symbol", "computeClass", "region", "deliveryStart",
                        "deliveryEnd", "hours", "status", "bestBid", "bestAsk", "lastPrice");
                assertThat(instrument.get("bestBid").isNull()).isTrue();
                assertThat(instrument.get("bestAsk").isNull()).isTrue();
                assertThat(instrument.get("lastPrice").isNull()).isTrue();
                assertThat(instrument.get("status").asString()).isEqualTo("OPEN");
                assertThat(instrument.get("hours").asLong()).isEqualTo(1);
                Instant start = Instant.parse(instrument.get("deliveryStart").asString());
                assertThat(start).isEqualTo(hourStart);
                assertThat(instrument.get("deliveryEnd").asString()).isEqualTo(start.plusSeconds(3600).toString());
                assertThat(instrument.get("symbol").asString()).isEqualTo(instrument.get("computeClass").asString()
                        + "." + instrument.get("region").asString() + "." + day + "T"
                        + String.format("%02d", hour));
            }
        }
    }

    @Test
    void computeClassFilterReturnsOnlyThatClass() {
        JsonNode instruments = instruments("computeClass=H100-SXM-80G&" + DAY_AFTER_TOMORROW + "&limit=2000");

        assertThat(instruments.size()).isEqualTo(24 * REGION_COUNT);
        assertThat(values(instruments, "computeClass")).containsOnly("H100-SXM-80G");
    }

    @Test
    void regionFilterReturnsOnlyThatRegion() {
        JsonNode instruments = instruments("region=CN-EAST&" + DAY_AFTER_TOMORROW + "&limit=2000");

        assertThat(instruments.size()).isEqualTo(24 * CLASS_COUNT);
        assertThat(values(instruments, "region")).containsOnly("CN-EAST");
    }

    @Test
    void classAndRegionTogetherGiveOneInstrumentPerHourOfTheHorizon() {
        JsonNode day = instruments("computeClass=H100-SXM-80G&region=CN-EAST&" + DAY_AFTER_TOMORROW);
        JsonNode lastDay = instruments("computeClass=H100-SXM-80G&region=CN-EAST&from="
                + LocalDate.now(ZoneOffset.UTC).plusDays(HORIZON_DAYS - 1) + "&limit=100");

        assertThat(day.size()).isEqualTo(24);
        assertThat(new HashSet<>(values(day, "deliveryStart"))).hasSize(24);
        assertThat(lastDay.size()).as("the horizon's last day is listed whole").isEqualTo(24);
    }

    @Test
    void fromAndToBoundTheDeliveryStartByDayHourOrInstant() {
        LocalDate dayAfterTomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        Instant ten = dayAfterTomorrow.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(10 * 3600);
        JsonNode byHour = instruments("from=" + dayAfterTomorrow + "T10&to=" + dayAfterTomorrow + "T12&limit=2000");
        JsonNode byInstant = instruments("from=" + ten + "&to=" + ten.plusSeconds(7200) + "&limit=2000");

        assertThat(byHour.size()).isEqualTo(2 * INSTRUMENTS_PER_HOUR);
        assertThat(values(byHour, "deliveryStart")).containsOnly(ten.toString(), ten.plusSeconds(3600).toString());
        assertThat(values(byInstant, "symbol")).isEqualTo(values(byHour, "symbol"));
    }

    @Test
    void fromAcceptsAnInstant() {
        Instant lastHour = LocalDate.now(ZoneOffset.UTC).plusDays(HORIZON_DAYS).atStartOfDay(ZoneOffset.UTC)
                .toInstant().minusSeconds(3600);
        JsonNode instruments = instruments("from=" + lastHour + "&limit=2000");

        assertThat(instruments.size()).isEqualTo(INSTRUMENTS_PER_HOUR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPEN", "CLOSED", "DELIVERING", "DELIVERED"})
    void statusFilterReturnsOnlyInstrumentsInThatStatus(String status) {
        JsonNode instruments = instruments("status=" + status + "&limit=2000");

        assertThat(values(instruments, "status")).allMatch(status::equals);
    }

    @Test
    void statusFiltersPartitionTheCalendar() {
        String pair = "computeClass=H100-SXM-80G&region=CN-EAST&limit=2000";
        int total = 0;
        for (String status : STATUSES) {
            total += instruments(pair + "&status=" + status.toLowerCase()).size();
        }
        assertThat(total).isEqualTo(instruments(pair).size());
        assertThat(instruments(pair + "&status=OPEN").size()).isGreaterThanOrEqualTo((HORIZON_DAYS - 1) * 24);
        assertThat(instruments(pair + "&status=DELIVERING").size()).as("one hour delivers at a time").isLessThanOrEqualTo(1);
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
    @ValueSource(strings = {"from=2026-13-45", "from=tomorrow", "to=2026-12-01T25:00:00Z", "to=01.12.2026",
            "from=2026-12-01T24", "to=2026-12-01T9"})
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
