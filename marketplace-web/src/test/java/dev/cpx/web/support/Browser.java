package dev.cpx.web.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for a running CPX instance: plain HTTP, redirects not followed (tests look at them),
 * cookies kept by hand by name so that one instance's session cookie can be handed to another.
 */
public final class Browser {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CSRF_INPUT = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    public Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Reply getHtml(String path) {
        return get(path, "Accept", "text/html,application/xhtml+xml");
    }

    public Reply postJson(String path, String json, String... headers) {
        var request = request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    /** Any method with an optional JSON body (null for none), such as PATCH or DELETE. */
    public Reply sendJson(String method, String path, String json, String... headers) {
        var request = request(path, headers).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    public Reply postForm(String path, Map<String, String> fields) {
        return postForm(path, fields, new String[0]);
    }

    /** A form POST as a browser sends it, with extra headers (name, value, ...). */
    public Reply postForm(String path, Map<String, String> fields, String... headers) {
        String form = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        var request = request(path, headers).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return send(request);
    }

    /** GETs the page a redirect points to, as a browser would. */
    public Reply follow(Reply redirect) {
        assertThat(redirect.status()).as("a redirect: %s", redirect).isBetween(300, 399);
        return getHtml(pathOf(redirect.location()));
    }

    /** Path and query of a Location header, whether the server wrote it absolute or relative. */
    public String pathOf(String location) {
        URI resolved = base.resolve(location);
        return resolved.getRawPath() + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery());
    }

    /** The sign-in form's CSRF token, read from GET /login as a browser would. */
    public String csrfTokenFromLoginPage() {
        Reply page = getHtml("/login");
        assertThat(page.status()).as("GET /login shows the sign-in form: %s", page).isEqualTo(200);
        return csrfToken(page.body());
    }

    /** Posts the sign-in form with a fresh CSRF token; returns the redirect that answers it. */
    public Reply signIn(String email, String password) {
        String token = csrfTokenFromLoginPage();
        return postForm("/login", Map.of("username", email, "password", password, "_csrf", token));
    }

    public static String csrfToken(String html) {
        Matcher matcher = CSRF_INPUT.matcher(html);
        assertThat(matcher.find()).as("the page carries a hidden _csrf input").isTrue();
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var reply = new Reply(response.statusCode(), response.headers(), response.body());
            keepCookies(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keepCookies(Reply reply) {
        for (HttpCookie cookie : reply.setCookies()) {
            if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
