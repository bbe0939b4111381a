package dev.cpx.web.market;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the public REST API, as an integrator would write it with the JDK's HTTP client. */
final class MarketApi {

    /** Longer than the market's own answer timeout (10 s, plus 5 s for the commit), so the server always speaks first. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One HTTP answer: its status, parsed body and headers. */
    record Answer(int status, JsonNode body, HttpHeaders headers) {

        boolean acknowledged() {
            return status == 200 || status == 201;
        }

        long orderId() {
            return body.get("orderId").asLong();
        }

        long filledQuantity() {
            return body.get("filledQuantity").asLong();
        }

        /** The problem detail's {@code code}, or null when the body has none. */
        String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asString();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** An order as the test sends it; the same request again must be a replay, never a second order. */
    record OrderRequest(String apiKey, String clientOrderId, String instrument, String side, String timeInForce,
                        String price, long quantity) {

        String json() {
            return """
                    {"clientOrderId":"%s","instrument":"%s","side":"%s","type":"LIMIT","timeInForce":"%s",\
                    "price":"%s","quantity":%d}""".formatted(clientOrderId, instrument, side, timeInForce, price,
                    quantity);
        }
    }

    private final String baseUrl;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    MarketApi(int port) {
        this(port, REQUEST_TIMEOUT);
    }

    /** A client that gives up on an answer after {@code requestTimeout} (an I/O failure to the caller). */
    MarketApi(int port, Duration requestTimeout) {
        this.baseUrl = "http://127.0.0.1:" + port + "/api/v1";
        this.requestTimeout = requestTimeout;
    }

    /** Sends the order; an I/O failure (the server died, refused the connection) is thrown to the caller. */
    Answer place(OrderRequest order) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + order.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.json()))
                .build();
        return answer(request);
    }

    Answer get(String path, String apiKey) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout).GET();
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return answer(builder.build());
    }

    private Answer answer(HttpRequest request) throws IOException, InterruptedException {
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(response.statusCode(), body == null || body.isBlank() ? null : JSON.readTree(body),
                response.headers());
    }
}
