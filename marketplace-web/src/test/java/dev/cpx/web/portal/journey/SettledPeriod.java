package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.time.MovableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * One day of H100s sold by SHCC to ACME, delivered, metered by both sides and rated in an open settlement period,
 * all through the API with the demo keys: what finance's pages need to show a statement.
 */
final class SettledPeriod {

    private static final long HOUR_SECONDS = 3600;

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final InstrumentService instruments;
    private final NodeService nodes;
    private final IdentityService identity;
    private final MovableClock clock;

    SettledPeriod(int port, InstrumentService instruments, NodeService nodes, IdentityService identity,
                  MovableClock clock) {
        this.port = port;
        this.instruments = instruments;
        this.nodes = nodes;
        this.identity = identity;
        this.clock = clock;
    }

    /** Makes the period; returns the traded instrument's symbol, closed by then. */
    String create() throws Exception {
        InstrumentView instrument = instruments.search(new InstrumentQuery("H100-SXM-80G", "CN-EAST",
                        InstrumentStatus.OPEN, null, null, 0, 50))
                .stream().min(Comparator.comparing(InstrumentView::deliveryStart)).orElseThrow();
        String ask = "{\"clientOrderId\":\"journey-a\",\"instrument\":\"" + instrument.symbol() + "\",\"side\":\"SELL\","
                + "\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"2.00\",\"quantity\":8}";
        api("/api/v1/orders", "demo-shcc-key", ask, 201);
        String filled = api("/api/v1/orders", "demo-acme-key", ask.replace("journey-a", "journey-b")
                .replace("SELL", "BUY"), 201);
        var contract = Pattern.compile("\"contractId\":(\\d+)").matcher(filled);
        assertThat(contract.find()).as(filled).isTrue();
        long contractId = Long.parseLong(contract.group(1));
        String cpid = nodes.nodes(identity.organizationByCode("SHCC").orElseThrow(), 0, 100).stream()
                .filter(n -> n.computeClass().equals(instrument.computeClass()) && n.region().equals(instrument.region()))
                .findFirst().orElseThrow().cpid();
        api("/api/v1/contracts/" + contractId + "/allocations", "demo-shcc-key", "{\"cpids\":[\"" + cpid + "\"]}", 200);

        clock.advance(Duration.between(clock.instant(), instrument.deliveryEnd()).plusHours(2));
        var records = new ArrayList<String>();
        long hours = Duration.between(instrument.deliveryStart(), instrument.deliveryEnd()).toHours();
        for (int h = 0; h < hours; h++) {
            Instant at = instrument.deliveryStart().plusSeconds(h * HOUR_SECONDS);
            records.add(record(h, contractId, cpid, at));
        }
        String usage = "{\"records\":[" + String.join(",", records) + "]}";
        api("/api/v1/usage", "demo-shcc-key", usage.replace("\"journey-", "\"journey-p-"), 200);
        api("/api/v1/usage", "demo-acme-key", usage.replace("\"journey-", "\"journey-b-"), 200);
        api("/api/v1/settlement/periods", "demo-admin-key", "{\"periodStart\":\"" + instrument.deliveryStart()
                + "\",\"periodEnd\":\"" + instrument.deliveryEnd() + "\"}", 201);
        return instrument.symbol();
    }

    private static String record(int hour, long contractId, String cpid, Instant start) {
        return "{\"recordId\":\"journey-" + hour + "\",\"contractId\":" + contractId + ",\"cpid\":\"" + cpid
                + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\"" + start.plusSeconds(HOUR_SECONDS)
                + "\",\"gpuSeconds\":" + 8 * HOUR_SECONDS + "}";
    }

    private String api(String path, String key, String json, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expected);
        return response.body();
    }
}
