package dev.cpx.web.support;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * axe-core (vendored, see {@code support/axe/README.md}) run on the page a Playwright tab shows, with the WCAG 2 A and
 * AA rules. Any browser test can call {@link #seriousViolations} or {@link #describe} on each page it checks.
 */
public final class Accessibility {

    /** The rule sets that apply: WCAG 2.0 and 2.1, levels A and AA. */
    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final List<String> FAILING_IMPACTS = List.of("serious", "critical");
    /** Nodes named per violation in a failure message: enough to find the pattern, short enough to read. */
    private static final int TARGETS_SHOWN = 5;
    private static final String AXE_SOURCE = load("axe/axe.min.js");

    /*
     * Injected as the body of a function handed to the DevTools protocol, not as a <script>: the portal's CSP allows
     * no inline script, and the tests must keep the page's own policy (its violations are console errors).
     */
    private static final String INJECT = "() => { if (typeof window.axe === 'undefined') {\n" + AXE_SOURCE
            + "\n} return typeof window.axe; }";

    private static final String RUN = """
            async tags => {
                const results = await window.axe.run(document, {runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations']});
                return results.violations.map(v => ({
                    rule: v.id, impact: v.impact ?? 'unknown', help: v.help,
                    targets: v.nodes.map(n => n.target.join(' '))
                }));
            }""";

    private Accessibility() {
    }

    /** A rule the page breaks, how badly, and the elements that break it (CSS selectors). */
    public record Violation(String url, String rule, String impact, String help, List<String> targets) {

        public boolean fails() {
            return FAILING_IMPACTS.contains(impact);
        }

        @Override
        public String toString() {
            String shown = targets.stream().limit(TARGETS_SHOWN).collect(Collectors.joining(" | "));
            String more = targets.size() > TARGETS_SHOWN ? " (+" + (targets.size() - TARGETS_SHOWN) + " more)" : "";
            return "%s [%s] %s: %s%s at %s".formatted(rule, impact, help, shown, more, url);
        }
    }

    /** Every WCAG 2 A/AA violation of the page as it is now, whatever its impact. */
    public static List<Violation> violations(Page page) {
        Object injected = page.evaluate(INJECT);
        if (!"object".equals(injected)) {
            throw new IllegalStateException("axe-core did not load into " + page.url() + ": " + injected);
        }
        @SuppressWarnings("unchecked")
        var found = (List<Map<String, Object>>) page.evaluate(RUN, TAGS);
        String url = page.url();
        return found.stream().map(v -> new Violation(url, (String) v.get("rule"), (String) v.get("impact"),
                (String) v.get("help"), targets(v.get("targets")))).toList();
    }

    /** The violations whose impact is serious or critical: the ones no page may have. */
    public static List<Violation> seriousViolations(Page page) {
        return violations(page).stream().filter(Violation::fails).toList();
    }

    /** One violation a line, for a failure message. */
    public static String describe(List<Violation> violations) {
        return violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n", "\n", ""));
    }

    @SuppressWarnings("unchecked")
    private static List<String> targets(Object value) {
        return ((List<Object>) value).stream().map(Objects::toString).toList();
    }

    private static String load(String resource) {
        try (InputStream in = Accessibility.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource + " beside " + Accessibility.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
