package dev.cpx.web.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import dev.cpx.web.support.Accessibility;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's Chromium driven by Playwright, headless. The browser is the one the machine has ({@code apt-get install
 * chromium}): this network reaches no browser download, so Playwright is told not to try.
 */
final class PortalBrowser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortalBrowser.class);

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync");

    /** The pages docs/screenshots shows, by window and path. */
    private static final Set<String> DOC_PAGES = Set.of("desktop-home", "desktop-catalog", "desktop-market",
            "desktop-capacity", "desktop-finance-periods", "desktop-admin", "phone-catalog", "phone-market",
            "phone-contracts");

    /** Elements whose right edge passes the window, for a failure message that says what overflows. */
    private static final String OVERFLOWING = """
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                    && getComputedStyle(e).visibility !== 'hidden')
                .slice(0, 6)
                .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className.trim()
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))
                .join(', ')""";

    /** Table wrappers that scroll sideways: their hidden columns are figures a phone user cannot see. */
    private static final String SIDEWAYS_TABLES = """
            () => [...document.querySelectorAll('.table-wrap')]
                .filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
                .map(w => (w.closest('[aria-labelledby], [aria-label], section')?.querySelector('h2, h3')?.textContent
                    ?? 'a table').trim() + ' ' + w.scrollWidth + '>' + w.clientWidth)""";

    private final Playwright playwright;
    private final Browser browser;

    private PortalBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    static PortalBrowser launch() {
        var playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        var browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(ARGS));
        return new PortalBrowser(playwright, browser);
    }

    /** A fresh context (no cookies) at the given window size, its one page collecting console errors. */
    Tab open(String baseUrl, Viewport viewport) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl)
                .setViewportSize(viewport.width(), viewport.height()));
        context.setDefaultTimeout(15_000);
        return new Tab(context, context.newPage(), viewport);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    /** A window size the portal must fit. */
    record Viewport(String name, int width, int height) {
        static final Viewport DESKTOP = new Viewport("desktop", 1366, 900);
        static final Viewport PHONE = new Viewport("phone", 390, 844);

        boolean phone() {
            return width < 600;
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** One browser tab of one person, with the checks every page must pass. */
    static final class Tab implements AutoCloseable {

        private final BrowserContext context;
        final Page page;
        final Viewport viewport;
        private final List<String> consoleErrors = new ArrayList<>();
        private int pagesChecked;

        private Tab(BrowserContext context, Page page, Viewport viewport) {
            this.context = context;
            this.page = page;
            this.viewport = viewport;
            page.onConsoleMessage(message -> {
                if (message.type().equals("error")) {
                    consoleErrors.add(page.url() + ": " + message.text());
                }
            });
            page.onPageError(error -> consoleErrors.add(page.url() + ": " + error));
        }

        /** Opens a path, expecting 200, and checks the page. */
        void visit(String path) {
            Response response = page.navigate(path);
            assertThat(response).as("%s answers", path).isNotNull();
            assertThat(response.status()).as("GET %s at %s", path, viewport).isEqualTo(200);
            check(path);
        }

        /**
         * What every page must be: as wide as the window at most, tables readable, no console error, no serious or
         * critical WCAG 2 A/AA violation (axe-core). With {@code -Dcpx.a11y.report-only=true} the violations are
         * only logged, a line per page, to measure a page's state before fixing it.
         */
        void check(String what) {
            pagesChecked++;
            int documentWidth = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
            int windowWidth = ((Number) page.evaluate("() => window.innerWidth")).intValue();
            assertThat(documentWidth).as("%s at %s: the page is %d px wide in a %d px window; overflowing: %s",
                    what, viewport, documentWidth, windowWidth, page.evaluate(OVERFLOWING))
                    .isLessThanOrEqualTo(windowWidth);
            if (viewport.phone()) {
                @SuppressWarnings("unchecked")
                var sideways = (List<String>) page.evaluate(SIDEWAYS_TABLES);
                assertThat(sideways).as("%s at %s: tables that hide columns off-screen", what, viewport).isEmpty();
            }
            assertThat(consoleErrors).as("console errors up to %s at %s", what, viewport).isEmpty();
            accessible(what);
            screenshot();
        }

        private void accessible(String what) {
            var all = Accessibility.violations(page);
            var serious = all.stream().filter(Accessibility.Violation::fails).toList();
            log.info("axe {} {}: {} serious/critical, {} in all{}", viewport.name(), URI.create(page.url()).getPath(),
                    serious.size(), all.size(), Accessibility.describe(all));
            if (!Boolean.getBoolean("cpx.a11y.report-only")) {
                assertThat(serious).as("%s at %s: serious or critical accessibility violations:%s", what, viewport,
                        Accessibility.describe(serious)).isEmpty();
            }
        }

        /**
         * With {@code -Dcpx.screenshots.dir=...}, keeps a picture of the window at the first visit of each main page
         * (the ones docs/screenshots shows); with {@code -Dcpx.screenshots.all=true}, of every page, whole.
         */
        private void screenshot() {
            String dir = System.getProperty("cpx.screenshots.dir");
            if (dir == null) {
                return;
            }
            boolean all = Boolean.getBoolean("cpx.screenshots.all");
            // Ids and symbols dropped: /market/H100-SXM-80G.CN-EAST.2026-12-08 is "market".
            String page = Arrays.stream(URI.create(this.page.url()).getPath().split("/"))
                    .filter(part -> !part.isEmpty() && !part.matches(".*\\d.*")).collect(Collectors.joining("-"));
            Path file = Path.of(dir, viewport.name() + "-" + page + ".png");
            if (all || (DOC_PAGES.contains(viewport.name() + "-" + page) && !Files.exists(file))) {
                this.page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(all));
            }
        }

        /** The status a path answers this person, redirects followed (for pages outside the portal's layout). */
        int status(String path) {
            return context.request().get(path).status();
        }

        int pagesChecked() {
            return pagesChecked;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
