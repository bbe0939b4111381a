package dev.cpx.core.quote;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.RegionView;
import dev.cpx.core.engine.Side;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceBlockOrder;
import dev.cpx.core.market.PlacementResult;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.core.quote.internal.ListedInstruments;
import dev.cpx.core.quote.internal.QuoteStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Quotes a job shape from the live books without holding anything, and accepts a quote by buying its best candidate
 * that is still fillable within its quoted total as an all-or-none block, falling back to the next ones.
 */
@Service
public class QuoteService {

    /** The longest job a quote prices: 90 days, beyond any listing horizon. */
    public static final int MAX_DURATION_HOURS = 90 * 24;
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,58}");
    private static final BigDecimal MAX_SCU = BigDecimal.valueOf(10_000_000);
    /** Bounds on starts, far beyond any listing, so that no arithmetic on them can overflow. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final CatalogService catalog;
    private final MarketService market;
    private final ListedInstruments instruments;
    private final QuoteStore store;
    private final QuoteSettings settings;
    private final Clock clock;

    QuoteService(CatalogService catalog, MarketService market, ListedInstruments instruments, QuoteStore store,
                 QuoteSettings settings, Clock clock) {
        this.catalog = catalog;
        this.market = market;
        this.instruments = instruments;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public QuoteSettings settings() {
        return settings;
    }

    /** Prices the shape over every class, region and start it allows, and stores the quote for its accept. */
    public Quote quote(OrganizationView organization, JobShape shape) {
        List<QuotePricer.ClassSpec> classes = classes(shape);
        List<String> regions = regions(shape);
        validate(shape, (long) classes.size() * regions.size());
        Instant now = clock.instant();
        List<Candidate> candidates = QuotePricer.price(shape, classes, regions, instruments, market::askDepth,
                now.toEpochMilli());
        List<Candidate> fallbacks = candidates.stream().filter(Candidate::feasible).limit(settings.maxFallbacks())
                .toList();
        String id = UUID.randomUUID().toString();
        Instant expiresAt = now.plus(settings.ttl());
        store.save(id, organization.id(), now, expiresAt, fallbacks);
        return new Quote(id, expiresAt, fallbacks.isEmpty() ? null : fallbacks.getFirst(),
                List.copyOf(candidates.subList(0, Math.min(candidates.size(), settings.maxListed()))),
                candidates.size());
    }

    /**
     * Buys the quote's best candidate still fillable within its quoted total, else the next; 409 quote-unavailable
     * when none is, with nothing bought; 410 after expiry. The same client order id again answers the same block.
     */
    public AcceptedQuote accept(OrganizationView organization, String quoteId, String clientOrderId) {
        if (!organization.buyer()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "organization " + organization.code()
                    + " is not a buyer, so it may not buy");
        }
        if (clientOrderId == null || !CLIENT_ORDER_ID.matcher(clientOrderId).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "clientOrderId must be 1-58 characters of "
                    + "A-Z a-z 0-9 . _ -", List.of(new FieldError("clientOrderId", "1-58 of A-Z a-z 0-9 . _ -")));
        }
        var quote = store.find(quoteId).filter(q -> q.organizationId() == organization.id())
                .orElseThrow(() -> CpxException.notFound("quote", quoteId));
        if (quote.acceptedRank() != null) {
            if (!quote.acceptClientOrderId().equals(clientOrderId)) {
                throw new CpxException(ErrorCode.QUOTE_UNAVAILABLE, "quote " + quoteId + " was already accepted "
                        + "with clientOrderId " + quote.acceptClientOrderId() + "; ask for a new quote");
            }
            Candidate bought = quote.candidates().get(quote.acceptedRank());
            var replay = market.placeBlock(order(organization, clientOrderId, bought));
            return new AcceptedQuote(replay.block(), bought, false);
        }
        if (!clock.instant().isBefore(quote.expiresAt())) {
            throw new CpxException(ErrorCode.QUOTE_EXPIRED, "quote " + quoteId + " expired at " + quote.expiresAt()
                    + "; ask for a new quote");
        }
        if (!store.claim(quoteId, clientOrderId)) {
            throw new CpxException(ErrorCode.QUOTE_UNAVAILABLE, "quote " + quoteId + " is being accepted under "
                    + "another clientOrderId");
        }
        return buyFirstFillable(organization, quote, clientOrderId);
    }

    private AcceptedQuote buyFirstFillable(OrganizationView organization, QuoteStore.StoredQuote quote,
                                           String clientOrderId) {
        var refusals = new ArrayList<String>();
        for (int rank = 0; rank < quote.candidates().size(); rank++) {
            Candidate candidate = quote.candidates().get(rank);
            PlacementResult.Block placed;
            try {
                placed = market.placeBlock(order(organization, clientOrderId, candidate));
            } catch (CpxException refused) {
                if (!fallsBack(refused.errorCode())) {
                    store.release(quote.id(), clientOrderId);
                    throw refused;
                }
                refusals.add(candidate.computeClass() + " in " + candidate.region() + " from " + candidate.start()
                        + ": " + refused.getMessage());
                continue;
            }
            store.accepted(quote.id(), rank);
            return new AcceptedQuote(placed.block(), candidate, placed.created());
        }
        store.release(quote.id(), clientOrderId);
        throw new CpxException(ErrorCode.QUOTE_UNAVAILABLE, refusals.isEmpty()
                ? "the quote has no feasible candidate; nothing was bought"
                : "no candidate can be bought within its quoted total any more; nothing was bought. "
                        + String.join("; ", refusals.subList(0, Math.min(3, refusals.size()))));
    }

    /** A refusal of one candidate that another may not meet: try the next. Anything else ends the accept. */
    private static boolean fallsBack(ErrorCode code) {
        return code.status() == 422 || code == ErrorCode.VALIDATION_FAILED || code == ErrorCode.IDEMPOTENCY_CONFLICT;
    }

    private static PlaceBlockOrder order(OrganizationView organization, String clientOrderId, Candidate candidate) {
        return new PlaceBlockOrder(organization, clientOrderId, candidate.computeClass(), candidate.region(), Side.BUY,
                candidate.gpus(), candidate.start(), candidate.end(), candidate.limitPriceTicks(), null,
                candidate.totalMinor());
    }

    /** Forgets quotes a day after they expired; any instance may run it, the delete is the same. */
    @Scheduled(initialDelay = 60_000, fixedDelay = 600_000)
    public void forgetExpired() {
        store.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(1)));
    }

    private List<QuotePricer.ClassSpec> classes(JobShape shape) {
        List<ComputeClassView> all = catalog.computeClasses();
        var chosen = new ArrayList<QuotePricer.ClassSpec>();
        for (ComputeClassView view : all) {
            if (shape.computeClasses().isEmpty() || shape.computeClasses().contains(view.code())) {
                chosen.add(new QuotePricer.ClassSpec(view.code(), view.scu(), view.memoryGb()));
            }
        }
        for (String code : shape.computeClasses()) {
            if (all.stream().noneMatch(view -> view.code().equals(code))) {
                throw invalid("computeClasses", "unknown compute class " + shorten(code), "a code of GET "
                        + "/compute-classes");
            }
        }
        return chosen;
    }

    private List<String> regions(JobShape shape) {
        List<String> all = catalog.regions().stream().map(RegionView::code).toList();
        for (String code : shape.regions()) {
            if (!all.contains(code)) {
                throw invalid("regions", "unknown region " + shorten(code), "a code of GET /regions");
            }
        }
        return shape.regions().isEmpty() ? all : shape.regions().stream().distinct().toList();
    }

    private void validate(JobShape shape, long classRegions) {
        if ((shape.gpus() == null) == (shape.scu() == null)) {
            throw invalid("gpus", "give exactly one of gpus and scu", "exactly one of gpus and scu");
        }
        if (shape.gpus() != null && (shape.gpus() < 1 || shape.gpus() > 1_000_000)) {
            throw invalid("gpus", "gpus must be 1 to 1000000", "1 to 1000000");
        }
        if (shape.scu() != null && (shape.scu().signum() <= 0 || shape.scu().compareTo(MAX_SCU) > 0
                || shape.scu().scale() > 2)) {
            throw invalid("scu", "scu must be more than 0 and at most 10000000, with at most 2 decimals",
                    "more than 0, at most 10000000, 2 decimals");
        }
        if (shape.durationHours() < 1 || shape.durationHours() > MAX_DURATION_HOURS) {
            throw invalid("durationHours", "durationHours must be 1 to " + MAX_DURATION_HOURS, "1 to "
                    + MAX_DURATION_HOURS);
        }
        requireHour("earliestStart", shape.earliestStart());
        requireHour("latestStart", shape.latestStart());
        if (shape.latestStart().isBefore(shape.earliestStart())) {
            throw invalid("latestStart", "latestStart must not be before earliestStart", "not before earliestStart");
        }
        if (shape.minMemoryGb() != null && shape.minMemoryGb() < 0) {
            throw invalid("minMemoryGb", "minMemoryGb must not be negative", "not negative");
        }
        if (shape.minScuPerGpu() != null && shape.minScuPerGpu().signum() < 0) {
            throw invalid("minScuPerGpu", "minScuPerGpu must not be negative", "not negative");
        }
        long starts = Duration.between(shape.earliestStart(), shape.latestStart()).toHours() + 1;
        if (starts * classRegions > settings.maxCandidates()) {
            throw invalid("latestStart", "the shape allows " + starts * classRegions + " class, region and start "
                    + "combinations, more than " + settings.maxCandidates() + "; narrow the start window, classes or "
                    + "regions", "a narrower start window");
        }
    }

    private static void requireHour(String field, Instant instant) {
        if (instant == null) {
            throw invalid(field, field + " is required, a whole UTC hour such as 2026-12-08T00:00:00Z",
                    "a whole UTC hour");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw invalid(field, field + " must lie between " + EARLIEST + " and " + LATEST, "a date in range");
        }
        if (!instant.truncatedTo(ChronoUnit.HOURS).equals(instant)) {
            throw invalid(field, field + " must be a whole UTC hour such as 2026-12-08T00:00:00Z", "a whole UTC hour");
        }
    }

    private static CpxException invalid(String field, String detail, String message) {
        return new CpxException(ErrorCode.VALIDATION_FAILED, detail, List.of(new FieldError(field, message)));
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
