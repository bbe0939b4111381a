package dev.cpx.web.api.payments;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Stripe-compatible server for the real Stripe Java client: it answers PaymentIntent and Transfer creation
 * the way Stripe does and records what it was sent, so tests see the amounts and idempotency keys the client used.
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
    private final java.util.Queue<Integer> transferFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Map<String, String> transfers = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger transferCount = new AtomicInteger();

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
        server.createContext("/v1/transfers", this::transfer);
        server.start();
    }

    /**
     * Transfers to connected accounts as Stripe makes them: the same Idempotency-Key answers the first transfer made
     * with it again (Stripe's idempotent requests), so a retried call never transfers twice; a destination of
     * {@code acct_refused} is refused as an account that cannot receive transfers.
     */
    private void transfer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        received.add(new Received(exchange.getRequestURI().getPath(), body, key,
                exchange.getRequestHeaders().getFirst("Authorization")));
        Integer failure = transferFailures.poll();
        if (failure != null) {
            answer(exchange, failure, """
                    {"error":{"type":"api_error","message":"fake trouble %d"}}""".formatted(failure));
            return;
        }
        String destination = java.net.URLDecoder.decode(body.replaceAll(".*(?:^|&)destination=([^&]*).*", "$1"),
                StandardCharsets.UTF_8);
        if (destination.equals("acct_refused")) {
            answer(exchange, 400, """
                    {"error":{"type":"invalid_request_error","code":"account_invalid",
                     "message":"The destination account cannot receive transfers."}}""");
            return;
        }
        String json = transfers.computeIfAbsent(key == null ? "none-" + System.nanoTime() : key, k -> {
            long amount = Long.parseLong(body.replaceAll(".*(?:^|&)amount=(\\d+).*", "$1"));
            return """
                    {"id":"tr_test_%d","object":"transfer","amount":%d,"currency":"usd","destination":"%s",
                     "livemode":false,"reversed":false}""".formatted(transferCount.incrementAndGet(), amount,
                    destination);
        });
        answer(exchange, 200, json);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String json)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_test");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    void failNextTransfer(int status) {
        transferFailures.add(status);
    }

    /** Transfers made, one per distinct idempotency key. */
    int transfersMade() {
        return transferCount.get();
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
