package dev.cpx.web.api.payments;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Stripe-compatible server for the real Stripe Java client: it answers PaymentIntent creation the way
 * Stripe does and records what it was sent, so tests see the amounts and idempotency keys the client used.
 */
final class FakeStripe implements AutoCloseable {

    /** One request as received. */
    record Received(String path, String body, String idempotencyKey, String authorization) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger intents = new AtomicInteger();
    /** Statuses to answer the next calls with instead of an intent (Stripe's own trouble, a rate limit). */
    private final java.util.Queue<Integer> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();

    FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/payment_intents", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Integer failure = failures.poll();
            if (failure != null) {
                byte[] error = """
                        {"error":{"type":"api_error","message":"fake trouble %d"}}""".formatted(failure)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(failure, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            String id = "pi_test_" + intents.incrementAndGet();
            long amount = Long.parseLong(body.replaceAll(".*(?:^|&)amount=(\\d+).*", "$1"));
            String json = """
                    {"id":"%s","object":"payment_intent","amount":%d,"currency":"usd",
                     "status":"requires_payment_method","client_secret":"%s_secret_test","livemode":false}"""
                    .formatted(id, amount, id);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Request-Id", "req_test");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    void failNext(int status) {
        failures.add(status);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
