package dev.cpx.web.portal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.PlaceOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The catalog's price sorts, its offer and memory filters and the price index page, on asks and trades these tests
 * place themselves, 12 days ahead, in classes and regions no other test of this context trades (so no price band
 * stands in the way); other tests' orders may sit beside them, so the order is checked on every row of the page, and
 * on these tests' own instruments against the order they must have.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:market-pages;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
class CatalogPageTests {

    private static final Pattern ROW = Pattern.compile("href=\"/market/([^\"]+)\".*?<span data-best-ask>([^<]*)</span>"
            + "(?:\\s*<span class=\"cell-sub\" data-best-ask-scu>([0-9.]+) / SCU-h</span>)?"
            + ".*?(?:<span class=\"cell-sub\" data-index>([^<]*)</span>)?\\s*</td>\\s*</tr>", Pattern.DOTALL);
    private static final Pattern TOTAL = Pattern.compile("([0-9,]+) found");

    @Autowired
    WebApplicationContext context;
    @Autowired
    MarketService market;
    @Autowired
    IdentityService identity;
    @Autowired
    InstrumentService instruments;
    @Autowired
    CatalogService catalog;
    @Autowired
    Clock clock;

    MockMvc mvc;
    /** A delivery day far enough ahead that no other test of this context offers on it. */
    LocalDate day;
    /** Unique per run, so client order ids never meet those of an earlier run in the same database. */
    String run;

    /** One instrument row as the page shows it; null figures where it shows a dash or nothing. */
    record Row(String symbol, BigDecimal ask, BigDecimal askPerScuHour, String index) {
    }

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(12);
        run = Long.toString(System.nanoTime(), 36);
    }

    @Test
    void sortingByPricePerGpuHourAndPerScuHourPutsTheCheapestAsksFirstAndInstrumentsWithoutAnAskLast()
            throws Exception {
        // H20 is the cheapest per GPU-hour but, at 1.48 SCU to L40S's 3.621, not per SCU-hour.
        String h20 = sell("SHCC", "H20-96G", "CN-NORTH", 4, 300);
        String l40sCheap = sell("SHCC", "L40S-48G", "CN-NORTH", 3, 500);
        String l40sDear = sell("SHCC", "L40S-48G", "CN-NORTH", 5, 800);
        String filter = "region=CN-NORTH&from=" + day + "&to=" + day;

        List<Row> byAsk = allPages("/catalog?" + filter + "&sort=ask");
        assertPricedFirstAndAscending(byAsk, Row::ask);
        assertThat(symbols(byAsk)).containsSubsequence(h20, l40sCheap, l40sDear);

        List<Row> byScu = allPages("/catalog?" + filter + "&sort=ask-scu");
        assertPricedFirstAndAscending(byScu, Row::askPerScuHour);
        assertThat(symbols(byScu)).containsSubsequence(l40sCheap, h20, l40sDear);
        assertThat(byScu.stream().filter(r -> r.symbol().equals(h20)).findFirst().orElseThrow().askPerScuHour())
                .isEqualByComparingTo(new BigDecimal("3.00").divide(scu("H20-96G"), 4, RoundingMode.HALF_UP));

        // Every instrument of the filter exactly once over the pages, as many as the page counts.
        for (List<Row> sorted : List.of(byAsk, byScu)) {
            assertThat(new HashSet<>(symbols(sorted))).hasSize(sorted.size());
            assertThat(sorted).hasSize(total(page("/catalog?" + filter)));
        }
        assertThat(new HashSet<>(symbols(byAsk))).isEqualTo(new HashSet<>(symbols(byScu)));
    }

    @Test
    void hasOffersAndMinimumMemoryFilterTheListAndStayInTheSortAndPageLinks() throws Exception {
        String l40s = sell("SHCC", "L40S-48G", "CN-NORTH", 7, 600);
        String h20 = sell("SHCC", "H20-96G", "CN-NORTH", 7, 400);
        Map<String, Integer> memory = catalog.computeClasses().stream()
                .collect(Collectors.toMap(ComputeClassView::code, ComputeClassView::memoryGb));
        String days = "from=" + day + "&to=" + day;

        List<Row> offered = allPages("/catalog?" + days + "&offered=true");
        assertThat(symbols(offered)).contains(l40s, h20);
        assertThat(offered).allSatisfy(r -> assertThat(r.ask()).as(r.symbol()).isNotNull());

        List<Row> bigOffered = allPages("/catalog?region=CN-NORTH&" + days + "&offered=true&minMemoryGb=96&sort=ask");
        assertThat(symbols(bigOffered)).contains(h20).doesNotContain(l40s);
        assertThat(bigOffered).allSatisfy(r -> assertThat(memory.get(r.symbol().split("\\.")[0])).as(r.symbol())
                .isGreaterThanOrEqualTo(96));

        List<Row> big = allPages("/catalog?region=CN-NORTH&" + days + "&minMemoryGb=96");
        assertThat(big.size()).isGreaterThan(bigOffered.size());
        assertThat(big).allSatisfy(r -> assertThat(memory.get(r.symbol().split("\\.")[0])).isGreaterThanOrEqualTo(96));

        // Two days of 80 GB classes and up in CN-EAST are more than a page: every link keeps the whole filter.
        String html = page("/catalog?region=CN-EAST&from=" + day + "&to=" + day.plusDays(1)
                + "&minMemoryGb=80&offered=&sort=ask-scu");
        String kept = "region=CN-EAST&amp;from=" + day + "&amp;to=" + day.plusDays(1) + "&amp;minMemoryGb=80";
        assertThat(html).contains("href=\"/catalog?" + kept + "&amp;sort=ask-scu&amp;page=2\"")
                .contains("href=\"/catalog?" + kept + "&amp;sort=ask\"")
                .contains("href=\"/catalog?" + kept + "\"")
                .contains("<option value=\"ask-scu\" selected=\"selected\"");
        String offeredPage = page("/catalog?region=CN-NORTH&" + days + "&offered=true&sort=ask");
        assertThat(offeredPage).contains("&amp;offered=true&amp;sort=capacity\"", "&amp;offered=true&amp;sort=class\"")
                .contains("name=\"offered\" value=\"true\" checked=\"checked\"");
    }

    @Test
    void aFilterNothingMatchesSaysSoAndOffersToClearTheFilters() throws Exception {
        String html = page("/catalog?computeClass=RTX4090-24G&minMemoryGb=80&offered=true");
        assertThat(html).contains("No instrument matches these filters", "0 found", "Clear filters")
                .contains("<a class=\"btn btn-secondary\" href=\"/catalog\">Clear filters</a>")
                .doesNotContain("href=\"/market/");
    }

    @Test
    void sortingByPriceIndexPutsTheCheapestClassAndRegionFirstAndThePageDrawsIt() throws Exception {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        trade("MI300X-192G", "CN-WEST", 9, 300);
        trade("ASCEND910B-64G", "CN-WEST", 9, 200);

        List<Row> byIndex = allPages("/catalog?region=CN-WEST&from=" + day + "&to=" + day + "&sort=index");
        List<String> classes = byIndex.stream().map(r -> r.symbol().split("\\.")[0]).toList();
        assertThat(classes.lastIndexOf("ASCEND910B-64G")).isLessThan(classes.indexOf("MI300X-192G"));
        assertThat(byIndex.stream().filter(r -> r.symbol().startsWith("MI300X-192G.")).map(Row::index))
                .containsOnly("index 3.00");
        List<BigDecimal> indexed = new ArrayList<>();
        boolean unindexedSeen = false;
        for (Row row : byIndex) {
            if (row.index().equals("no index")) {
                unindexedSeen = true;
                continue;
            }
            assertThat(unindexedSeen).as("%s after an instrument without an index", row.symbol()).isFalse();
            indexed.add(new BigDecimal(row.index().substring("index ".length())));
        }
        assertThat(indexed).isSorted();

        String chart = page("/catalog/index?computeClass=MI300X-192G&region=CN-WEST&days=14");
        assertThat(chart).contains("role=\"img\"", "aria-label=\"MI300X-192G in CN-WEST, price index per GPU-hour from "
                        + today.minusDays(13) + " to " + today + ": latest 3.00 on " + today)
                .contains("<td class=\"nowrap\">" + today + "</td>")
                .contains("class=\"chart-line chart-carried\"", "class=\"chart-dots\" d=\"M600.0 100.0 h0\"")
                .contains("datetime=\"" + today + "\"", "datetime=\"" + today.minusDays(7) + "\"");
        assertThat(page("/catalog")).contains("href=\"/catalog/index?computeClass=MI300X-192G\"");
        assertThat(page("/catalog/index?computeClass=RTX4090-24G&region=CN-NORTH"))
                .contains("No index for this choice").doesNotContain("role=\"img\"");
    }

    private static void assertPricedFirstAndAscending(List<Row> rows,
                                                      java.util.function.Function<Row, BigDecimal> price) {
        List<BigDecimal> priced = new ArrayList<>();
        boolean unpricedSeen = false;
        for (Row row : rows) {
            BigDecimal value = price.apply(row);
            if (value == null) {
                unpricedSeen = true;
                continue;
            }
            assertThat(unpricedSeen).as("%s at %s after an instrument without an ask", row.symbol(), value).isFalse();
            priced.add(value);
        }
        assertThat(priced).isNotEmpty().isSorted();
    }

    /** Offers one GPU of {@code computeClass} in {@code region} at {@code hour} of the test day; its symbol. */
    private String sell(String provider, String computeClass, String region, int hour, long priceTicks) {
        String symbol = symbol(computeClass, region, hour);
        var placed = market.place(new PlaceOrder(identity.organizationByCode(provider).orElseThrow(),
                "cat-" + run + "-" + hour + "-" + computeClass, symbol, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
                priceTicks, 1));
        assertThat(placed.order().status()).isEqualTo(OrderStatus.NEW);
        return symbol;
    }

    /**
     * GZDH sells NOVA one GPU at {@code priceTicks}: a trade of today, the index's only one for the pair (NOVA, as other
     * tests here read ACME's account figures of the day).
     */
    private void trade(String computeClass, String region, int hour, long priceTicks) {
        String symbol = sell("GZDH", computeClass, region, hour, priceTicks);
        var bought = market.place(new PlaceOrder(identity.organizationByCode("NOVA").orElseThrow(),
                "cat-" + run + "-buy-" + computeClass, symbol, Side.BUY, OrderType.LIMIT, TimeInForce.IOC,
                priceTicks, 1));
        assertThat(bought.order().status()).isEqualTo(OrderStatus.FILLED);
    }

    private String symbol(String computeClass, String region, int hour) {
        String symbol = "%s.%s.%sT%02d".formatted(computeClass, region, day, hour);
        assertThat(instruments.bySymbol(symbol)).as(symbol).isPresent();
        return symbol;
    }

    private BigDecimal scu(String computeClass) {
        return catalog.computeClasses().stream().filter(c -> c.code().equals(computeClass)).findFirst()
                .orElseThrow().scu();
    }

    /** The rows of every page of a catalog address, following its Next links. */
    private List<Row> allPages(String path) throws Exception {
        var rows = new ArrayList<Row>();
        String next = path;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages of %s", path).isLessThan(20);
            String html = page(next);
            rows.addAll(rows(html));
            Matcher link = Pattern.compile("<a href=\"([^\"]+)\" rel=\"next\">").matcher(html);
            next = link.find() ? link.group(1).replace("&amp;", "&") : null;
        }
        return rows;
    }

    private static List<Row> rows(String html) {
        var rows = new ArrayList<Row>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group(2).equals("—") ? null : new BigDecimal(m.group(2).replace(",", "")),
                    m.group(3) == null ? null : new BigDecimal(m.group(3)), m.group(4)));
        }
        return rows;
    }

    private static List<String> symbols(List<Row> rows) {
        return rows.stream().map(Row::symbol).toList();
    }

    private static int total(String html) {
        Matcher m = TOTAL.matcher(html);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
