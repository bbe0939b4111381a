package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.time.MovableClock;
import dev.cpx.web.security.AuthorizationMatrix.Row;
import dev.cpx.web.support.Endpoint;
import dev.cpx.web.support.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the running application, API and portal, called by every kind of caller, each answer checked
 * against {@code authorization-matrix.txt}. The endpoints come from the request mapping, so one added without a
 * row fails here, as does a row whose endpoint is gone. All mismatches are reported together, each with what the
 * application answered, and the rows as the application answers them now for a reviewer to compare. The matrix
 * stores nothing (row counts of the tables a write could touch are equal before and after), and another
 * organization's live objects are as they were. Its own database: the matrix moves the clock and settles a day.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx_authorization_matrix;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests {

    private static final List<String> TABLES = List.of("api_key", "app_user", "contract", "contract_allocation",
            "discrepancy", "dispute", "journal_entry", "market_order", "node", "node_heartbeat", "organization",
            "settlement_period", "statement", "trade", "usage_record", "wallet_top_up");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    IdentityService identity;
    @Autowired
    MovableClock clock;
    @Autowired
    JdbcClient jdbc;

    private AuthorizationMatrix matrix;
    private List<Endpoint> endpoints;

    @BeforeAll
    void readTableAndEndpoints() {
        matrix = AuthorizationMatrix.load();
        endpoints = Endpoint.ofApplication(mapping);
    }

    @Test
    void everyEndpointHasARowAndEveryRowAnEndpoint() {
        Set<String> fillable = new HashSet<>(AuthorizationMatrix.OWNED);
        fillable.addAll(Set.of("periodId", "symbol", "code", "extension", "run", "quoteId", "userId"));

        assertThat(endpoints).as("endpoints of dev.cpx in the request mapping").hasSizeGreaterThan(50);
        assertThat(matrix.coverageProblems(endpoints, fillable)).as("table against application").isEmpty();
    }

    @Test
    void everyCallerGetsWhatTheTableSaysAndNothingChanges() {
        var world = MatrixWorld.build(port, apiKeys, identity, clock);
        List<MatrixCaller> callers = MatrixCaller.forColumns(matrix.callers(), port, apiKeys, identity);
        Map<String, Long> rowsBefore = rowCounts();
        MatrixWorld.LiveObjects liveBefore = world.liveObjects();
        long started = System.nanoTime();

        var mismatches = new ArrayList<String>();
        var answered = new LinkedHashMap<Row, List<String>>();
        int cases = 0;
        for (Row row : matrix.rows()) {
            Endpoint endpoint = endpoint(row);
            if (endpoint == null) {
                continue;
            }
            var cells = new ArrayList<String>();
            for (MatrixCaller caller : callers) {
                Reply reply = MatrixProbe.of(endpoint, row.foreign(), caller.organization(), world)
                        .send(endpoint, caller, port);
                cases++;
                cells.add(AuthorizationMatrix.cellOf(reply));
                check(row, endpoint, caller, reply).ifPresent(mismatches::add);
            }
            answered.put(row, cells);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Authorization matrix: %d endpoints, %d rows x %d callers = %d cases in %d ms, %d mismatches%n",
                endpoints.size(), answered.size(), callers.size(), cases, took.toMillis(), mismatches.size());

        if (Boolean.getBoolean("cpx.matrix.print")) {
            System.out.println(report(answered, List.of()));
        }
        assertThat(mismatches).as("answers that differ from %s; the application answers these rows so:%n%s",
                AuthorizationMatrix.FILE, report(answered, mismatches)).isEmpty();
        assertThat(rowCounts()).as("rows stored by the matrix's requests").isEqualTo(rowsBefore);
        assertThat(world.liveObjects()).as("another organization's objects after every caller tried them")
                .isEqualTo(liveBefore);
    }

    private Endpoint endpoint(Row row) {
        return endpoints.stream().filter(e -> e.key().equals(row.key())).findFirst().orElse(null);
    }

    private static java.util.Optional<String> check(Row row, Endpoint endpoint, MatrixCaller caller, Reply reply) {
        String expected = row.cells().get(caller.column());
        if (!AuthorizationMatrix.matches(expected, reply)) {
            return java.util.Optional.of(row + " as " + caller.column() + ": expected " + expected + ", got "
                    + summary(reply));
        }
        if (endpoint.isApi() && reply.status() >= 400 && !String.valueOf(reply.contentType())
                .startsWith("application/problem+json")) {
            return java.util.Optional.of(row + " as " + caller.column() + ": " + reply.status()
                    + " is not a problem document: " + reply.contentType());
        }
        if (endpoint.isApi() && caller.session() == null && !reply.setCookies().isEmpty()) {
            return java.util.Optional.of(row + " as " + caller.column() + ": an API call without a session got a "
                    + "cookie " + reply.headers().allValues("Set-Cookie"));
        }
        return java.util.Optional.empty();
    }

    private static String summary(Reply reply) {
        String body = reply.body().replaceAll("\\s+", " ");
        return reply.status() + (reply.location() == null ? "" : " to " + reply.location()) + " "
                + (body.length() > 160 ? body.substring(0, 160) + "..." : body);
    }

    private static String report(Map<Row, List<String>> answered, List<String> mismatches) {
        return answered.entrySet().stream()
                .filter(e -> mismatches.isEmpty() || mismatches.stream().anyMatch(m -> m.startsWith(e.getKey() + " as ")))
                .map(e -> String.format("%-7s %-70s %-8s %s", e.getKey().method(), e.getKey().path(), e.getKey().ids(),
                        String.join(" ", e.getValue().stream().map(c -> String.format("%-3s", c)).toList())))
                .collect(Collectors.joining("\n"));
    }

    private Map<String, Long> rowCounts() {
        var counts = new LinkedHashMap<String, Long>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }
}
