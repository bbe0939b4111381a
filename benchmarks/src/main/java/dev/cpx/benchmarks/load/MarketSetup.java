package dev.cpx.benchmarks.load;

import dev.cpx.core.catalog.Cpid;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the open instruments the load trades and registers enough provider capacity behind them. A SELL must be
 * covered by unsold registered GPUs, and the demo providers own only 8 to 32 GPUs per class and region, so a run
 * of thousands of asks first registers extra 64-GPU nodes at the providers' demo sites (through the API, as a
 * provider's agent would).
 */
final class MarketSetup {

    /** Delivery hours per class and region: the first hours of the day after tomorrow, open whatever the hour now. */
    static final int HOURS = 4;
    static final int FIRST_DAY_OFFSET = 2;
    private static final int GPUS_PER_NODE = 64;
    /** Head room over the expected asks per instrument, for the randomness of the mix. */
    private static final double CAPACITY_MARGIN = 1.6;

    /** An instrument and the API key of the provider whose nodes back asks on it. */
    record Market(String symbol, String providerKey) {
    }

    /** A class and region of one demo provider, with the site its nodes sit in. */
    private record Capacity(String providerKey, String provider, String computeClass, String region, String site) {
    }

    private static final List<Capacity> CAPACITIES = List.of(
            new Capacity(OrderMix.SHCC, "SHCC", "H100-SXM-80G", "CN-EAST", "SH01"),
            new Capacity(OrderMix.SHCC, "SHCC", "A100-SXM-80G", "CN-EAST", "SH01"),
            new Capacity(OrderMix.SHCC, "SHCC", "H20-96G", "CN-NORTH", "BJ01"),
            new Capacity(OrderMix.SHCC, "SHCC", "L40S-48G", "CN-NORTH", "BJ01"),
            new Capacity(OrderMix.GZDH, "GZDH", "ASCEND910B-64G", "CN-WEST", "GY01"),
            new Capacity(OrderMix.GZDH, "GZDH", "H100-SXM-80G", "CN-WEST", "GY01"),
            new Capacity(OrderMix.GZDH, "GZDH", "MI300X-192G", "CN-WEST", "GY02"),
            new Capacity(OrderMix.GZDH, "GZDH", "RTX4090-24G", "CN-SOUTH", "GZ01"));

    private final HttpClient http;
    private final URI api;

    MarketSetup(HttpClient http, URI baseUrl) {
        this.http = http;
        this.api = URI.create(baseUrl + "/api/v1/");
    }

    /** The classes and regions of the demo providers, over {@link #HOURS} hourly instruments each; each must be OPEN. */
    List<Market> markets() throws IOException, InterruptedException {
        LocalDate first = LocalDate.now(ZoneOffset.UTC).plusDays(FIRST_DAY_OFFSET);
        var markets = new ArrayList<Market>();
        for (Capacity capacity : CAPACITIES) {
            for (int hour = 0; hour < HOURS; hour++) {
                String symbol = capacity.computeClass() + "." + capacity.region() + "." + first + "T"
                        + String.format("%02d", hour);
                var response = http.send(HttpRequest.newBuilder(api.resolve("instruments/" + symbol)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("\"status\":\"OPEN\"")) {
                    throw new IllegalStateException(symbol + " is not open: " + response.statusCode() + " "
                            + response.body());
                }
                markets.add(new Market(symbol, capacity.providerKey()));
            }
        }
        return markets;
    }

    /** Registers nodes so that each instrument can take the asks of {@code orders} orders of the mix. */
    int provision(int orders, int instruments, String runTag) throws IOException, InterruptedException {
        double asksPerInstrument = (double) orders * OrderMix.ASK_PERCENT / 100 / instruments;
        double gpus = asksPerInstrument * (1 + OrderMix.MAX_ASK_QUANTITY) / 2 * CAPACITY_MARGIN;
        int nodesEach = (int) Math.ceil(gpus / GPUS_PER_NODE);
        int registered = 0;
        for (Capacity capacity : CAPACITIES) {
            for (int n = 0; n < nodesEach; n++) {
                register(capacity, "L" + runTag + String.format("%03d", registered));
                registered++;
            }
        }
        return registered;
    }

    private void register(Capacity capacity, String node) throws IOException, InterruptedException {
        String cpid = Cpid.of(capacity.region(), capacity.provider(), capacity.site(), node).value();
        String body = "{\"cpid\":\"" + cpid + "\",\"computeClass\":\"" + capacity.computeClass() + "\",\"gpuCount\":"
                + GPUS_PER_NODE + "}";
        var response = http.send(HttpRequest.newBuilder(api.resolve("nodes"))
                        .header("Authorization", "Bearer " + capacity.providerKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("registering " + cpid + ": " + response.statusCode() + " "
                    + response.body());
        }
    }
}
