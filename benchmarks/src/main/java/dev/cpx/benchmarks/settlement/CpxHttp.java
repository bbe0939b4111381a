package dev.cpx.benchmarks.settlement;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few calls of the public API the settlement benchmarks make, over HTTP/1.1 with the demo keys. */
final class CpxHttp {

    static final String ADMIN = "demo-admin-key";

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    CpxHttp(HttpClient http, String baseUrl, Duration timeout) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    record Answer(int status, String body) {
    }

    Answer post(String path, String apiKey, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    Answer get(String path, String apiKey) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** The market clock's now, moved forward by {@code advanceBy} (at least PT1M, the endpoint's minimum). */
    Instant advanceClock(Duration advanceBy) throws IOException, InterruptedException {
        Answer answer = post("admin/clock", ADMIN, "{\"advanceBy\":\"" + advanceBy + "\"}");
        if (answer.status() != 200) {
            throw new IllegalStateException("advancing the clock: " + answer.status() + " " + answer.body());
        }
        return Instant.parse(text(answer.body(), "now"));
    }

    /**
     * Moves the market clock until {@code instant} lies at least {@code margin} in the past, in steps of at most
     * 30 days (the endpoint's limit); returns the clock's new now.
     */
    Instant clockPast(Instant instant, Duration margin) throws IOException, InterruptedException {
        Instant now = advanceClock(Duration.ofMinutes(1));
        Instant target = instant.plus(margin);
        while (now.isBefore(target)) {
            Duration step = Duration.between(now, target).plusMinutes(1);
            if (step.compareTo(Duration.ofDays(30)) > 0) {
                step = Duration.ofDays(30);
            }
            now = advanceClock(Duration.ofMinutes(Math.max(1, step.toMinutes())));
        }
        return now;
    }

    static String text(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }

    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
