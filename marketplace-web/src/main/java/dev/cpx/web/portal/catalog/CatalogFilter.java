package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.InstrumentStatus;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The catalog filter as the page's GET form sends it; every field optional. Its links keep every filter, so a sort
 * link or a page link never drops one.
 */
public record CatalogFilter(String computeClass, String region, String status,
                            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                            Integer minMemoryGb, Boolean offered, String sort, Integer page) {

    /** The sort links of the instruments table and its sort menu, in the menu's order. */
    public static final Map<String, String> SORTS = sorts();

    private static Map<String, String> sorts() {
        var sorts = new LinkedHashMap<String, String>();
        sorts.put("delivery", "Delivery, soonest first");
        sorts.put("ask", "Best ask per GPU-hour, cheapest first");
        sorts.put("ask-scu", "Best ask per SCU-hour, cheapest first");
        sorts.put("index", "Price index of the class and region, cheapest first");
        sorts.put("class", "Compute class");
        sorts.put("region", "Region");
        sorts.put("scu", "SCU per GPU, highest first");
        sorts.put("capacity", "Registered capacity, most first");
        return Collections.unmodifiableMap(sorts);
    }

    public InstrumentStatus statusOrOpen() {
        if (status == null) {
            return InstrumentStatus.OPEN;
        }
        if (status.isBlank() || status.equals("ALL")) {
            return null;
        }
        try {
            return InstrumentStatus.valueOf(status);
        } catch (IllegalArgumentException unknown) {
            return InstrumentStatus.OPEN;
        }
    }

    public int pageOrFirst() {
        return page == null || page < 1 ? 1 : page;
    }

    /** A known sort key; anything else sorts by delivery, as the page says. */
    public String sortOrDefault() {
        return sort != null && SORTS.containsKey(sort) ? sort : "delivery";
    }

    /** The minimum memory per GPU in GB, or null when not filtering (empty, zero or negative). */
    public Integer memoryOrNull() {
        return minMemoryGb == null || minMemoryGb < 1 ? null : minMemoryGb;
    }

    public boolean offeredOnly() {
        return Boolean.TRUE.equals(offered);
    }

    /** This filter's catalog address in {@code sort} (null: delivery) on {@code page} (null: the first). */
    public String link(String sort, Integer page) {
        var uri = UriComponentsBuilder.fromPath("/catalog");
        param(uri, "computeClass", CatalogPageController.blank(computeClass));
        param(uri, "region", CatalogPageController.blank(region));
        param(uri, "status", status);
        param(uri, "from", from);
        param(uri, "to", to);
        param(uri, "minMemoryGb", memoryOrNull());
        param(uri, "offered", offeredOnly() ? "true" : null);
        param(uri, "sort", sort == null || sort.equals("delivery") ? null : sort);
        param(uri, "page", page == null || page <= 1 ? null : page);
        return uri.encode().build().toUriString();
    }

    /** The same filter on another page. */
    public String pageLink(int page) {
        return link(sortOrDefault(), page);
    }

    private static void param(UriComponentsBuilder uri, String name, Object value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }
}
