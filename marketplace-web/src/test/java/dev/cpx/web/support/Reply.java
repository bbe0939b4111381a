package dev.cpx.web.support;

import java.net.HttpCookie;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One HTTP response as a test reads it: status, headers, body text, and the body as JSON on demand. */
public record Reply(int status, HttpHeaders headers, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonNode json() {
        return JSON.readTree(body);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public String contentType() {
        return header("Content-Type");
    }

    public String location() {
        return header("Location");
    }

    /** The cookies this response sets, with their attributes (HttpOnly, max-age...). */
    public List<HttpCookie> setCookies() {
        return headers.allValues("Set-Cookie").stream().flatMap(h -> HttpCookie.parse(h).stream()).toList();
    }

    public Optional<String> setCookieHeader(String name) {
        return headers.allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers.map() + "\n" + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
    }
}
