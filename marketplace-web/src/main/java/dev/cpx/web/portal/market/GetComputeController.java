package dev.cpx.web.portal.market;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.market.BlockOrderView;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.market.OrderView;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.quote.AcceptedQuote;
import dev.cpx.core.quote.Candidate;
import dev.cpx.core.quote.JobShape;
import dev.cpx.core.quote.Quote;
import dev.cpx.core.quote.QuoteService;
import dev.cpx.web.security.CpxPrincipal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Get compute": a buyer describes a job (GPUs or SCU, hours, a start window, optional limits), sees every way to run
 * it priced from the live books, and buys the best one whole with one button.
 */
@Controller
@PreAuthorize(GetComputeController.BUYER_TRADER)
class GetComputeController {

    static final String BUYER_TRADER = "hasRole('TRADER') and hasAuthority('ORG_BUYER')";
    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern
            .compile("[0-9]{1,7}(\\.[0-9]{1,2})?");

    private final QuoteService quotes;
    private final CatalogService catalog;
    private final ContractService contracts;

    GetComputeController(QuoteService quotes, CatalogService catalog, ContractService contracts) {
        this.quotes = quotes;
        this.catalog = catalog;
        this.contracts = contracts;
    }

    /** The form as typed: times are UTC wall times from datetime-local inputs ("2026-12-10T00:00"). */
    public record JobForm(String size, String amount, Integer durationHours, String earliestStart,
                          String latestStart, List<String> computeClasses, List<String> regions, String minMemoryGb,
                          String minScuPerGpu, String maxPricePerGpuHour) {

        static JobForm defaults(Instant now) {
            String tomorrow = LocalDateTime.ofInstant(now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS),
                    ZoneOffset.UTC).toString();
            return new JobForm("gpus", "8", 24, tomorrow, tomorrow, List.of(), List.of(), "", "", "");
        }

        public boolean chose(String list, String code) {
            List<String> chosen = "classes".equals(list) ? computeClasses : regions;
            return chosen != null && chosen.contains(code);
        }
    }

    /** A candidate as a table row shows it. */
    public record Row(Candidate candidate, boolean best, String averagePrice, String total, String pricePerScuHour,
                      String why) {

        private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

        public String startUtc() {
            return UTC.format(candidate.start());
        }

        public String endUtc() {
            return UTC.format(candidate.end());
        }
    }

    /** What an accept bought, as the result panel shows it. */
    public record Bought(String detail, String averagePrice, String total, List<BoughtContract> contracts) {
    }

    /** A contract bought, with its price as the page shows it. */
    public record BoughtContract(ContractView contract, String price) {
    }

    @ModelAttribute
    void common(Model model) {
        model.addAttribute("activeNav", "get-compute");
        model.addAttribute("classes", catalog.computeClasses());
        model.addAttribute("regions", catalog.regions());
    }

    @GetMapping("/get-compute")
    String page(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("job")) {
            model.addAttribute("job", JobForm.defaults(Instant.now()));
        }
        // After a purchase the flash carries plain values only; the contracts are read again, with their status now.
        if (model.getAttribute("boughtContractIds") instanceof List<?> ids) {
            List<BoughtContract> mine = contracts.contracts(caller.organization(), MarketQueries.MAX_LIST).stream()
                    .filter(contract -> ids.contains(contract.contractId()))
                    .map(contract -> new BoughtContract(contract, Money.format(contract.priceTicks()))).toList();
            model.addAttribute("bought", new Bought((String) model.getAttribute("boughtDetail"),
                    (String) model.getAttribute("boughtAverage"), (String) model.getAttribute("boughtTotal"), mine));
        }
        return "market/get-compute";
    }

    @PostMapping("/get-compute/quote")
    String quote(CpxPrincipal caller, @ModelAttribute("job") JobForm job, Model model) {
        try {
            Quote quote = quotes.quote(caller.organization(), shape(job));
            model.addAttribute("quote", quote);
            model.addAttribute("rows", quote.candidates().stream().map(c -> row(c, c.equals(quote.best()))).toList());
            model.addAttribute("clientOrderId", "gc-" + UUID.randomUUID().toString().substring(0, 18));
            model.addAttribute("bestTotal", quote.best() == null ? null : Money.format(quote.best().totalMinor()));
        } catch (CpxException refused) {
            model.addAttribute("error", refused.detail());
            model.addAttribute("fieldErrors", refused.errors().stream().collect(Collectors.toMap(
                    CpxException.FieldError::field, CpxException.FieldError::message, (a, b) -> a)));
        }
        return "market/get-compute";
    }

    @PostMapping("/get-compute/accept")
    String accept(CpxPrincipal caller, @RequestParam String quoteId, @RequestParam String clientOrderId,
                  RedirectAttributes redirect) {
        try {
            AcceptedQuote accepted = quotes.accept(caller.organization(), quoteId, clientOrderId);
            flashBought(accepted, redirect);
        } catch (CpxException refused) {
            redirect.addFlashAttribute("acceptError", switch (refused.errorCode()) {
                case QUOTE_EXPIRED -> "This quote has expired (quotes live " + quotes.settings().ttl().toSeconds()
                        + " seconds, as prices move). Nothing was bought: get a new quote.";
                case QUOTE_UNAVAILABLE -> "Nothing was bought: " + refused.detail();
                default -> "Nothing was bought: " + refused.detail();
            });
        }
        return "redirect:/get-compute";
    }

    private static void flashBought(AcceptedQuote accepted, RedirectAttributes redirect) {
        BlockOrderView block = accepted.block();
        Candidate c = accepted.candidate();
        var ids = block.orders().stream().flatMap(o -> o.trades().stream()).map(OrderView.Fill::contractId)
                .distinct().collect(Collectors.toCollection(java.util.ArrayList::new));
        redirect.addFlashAttribute("boughtContractIds", ids);
        redirect.addFlashAttribute("boughtDetail", c.gpus() + " " + c.computeClass() + " GPUs in " + c.region()
                + ", " + c.hours() + " hours from " + c.start() + (accepted.created() ? ""
                : " (bought before with this button)"));
        redirect.addFlashAttribute("boughtAverage", Money.formatAverage(block.valueMinor(), block.filledGpuHours()));
        redirect.addFlashAttribute("boughtTotal", Money.format(block.valueMinor()));
    }

    private static Row row(Candidate c, boolean best) {
        return new Row(c, best, c.totalMinor() == null ? null : Money.formatAverage(c.totalMinor(), c.gpuHours()),
                c.totalMinor() == null ? null : Money.format(c.totalMinor()),
                c.pricePerScuHour() == null ? null : c.pricePerScuHour().toPlainString(), why(c.reason()));
    }

    private static String why(String reason) {
        if (reason == null) {
            return "Can be bought now";
        }
        return switch (reason) {
            case Candidate.NO_CAPACITY -> "Not enough GPUs offered in every hour of the window";
            case Candidate.OVER_PRICE -> "Costs more than your maximum price per GPU-hour";
            case Candidate.MEMORY -> "Less memory per GPU than you need";
            case Candidate.MIN_SCU -> "Slower per GPU than your minimum SCU";
            default -> reason;
        };
    }

    private static JobShape shape(JobForm job) {
        Map<String, String> errors = new HashMap<>();
        Long gpus = null;
        BigDecimal scu = null;
        boolean byScu = "scu".equals(job.size());
        BigDecimal amount = decimal(job.amount(), "amount", errors);
        if (amount == null && !errors.containsKey("amount")) {
            errors.put("amount", "how many GPUs or SCU the job needs");
        } else if (amount != null) {
            if (byScu) {
                scu = amount;
            } else if (amount.stripTrailingZeros().scale() > 0 || amount.signum() <= 0) {
                errors.put("amount", "a whole number of GPUs, 1 or more");
            } else {
                gpus = amount.longValueExact();
            }
        }
        Instant earliest = utc(job.earliestStart(), "earliestStart", errors);
        Instant latest = job.latestStart() == null || job.latestStart().isBlank() ? earliest
                : utc(job.latestStart(), "latestStart", errors);
        BigDecimal memory = decimal(job.minMemoryGb(), "minMemoryGb", errors);
        BigDecimal minScu = decimal(job.minScuPerGpu(), "minScuPerGpu", errors);
        Long maxPrice = null;
        if (job.maxPricePerGpuHour() != null && !job.maxPricePerGpuHour().isBlank()) {
            try {
                maxPrice = Money.parseMinor(job.maxPricePerGpuHour());
            } catch (Money.InvalidAmountException e) {
                errors.put("maxPricePerGpuHour", "a price such as 2.50");
            }
        }
        if (memory != null && (memory.stripTrailingZeros().scale() > 0 || memory.compareTo(BigDecimal.valueOf(100_000)) > 0)) {
            errors.put("minMemoryGb", "whole gigabytes");
        }
        if (!errors.isEmpty()) {
            throw new CpxException(dev.cpx.core.problem.ErrorCode.VALIDATION_FAILED, "Check the marked fields.",
                    errors.entrySet().stream().map(e -> new CpxException.FieldError(e.getKey(), e.getValue()))
                            .toList());
        }
        return new JobShape(gpus, scu, job.durationHours() == null ? 0 : job.durationHours(), earliest, latest,
                job.computeClasses(), minScu, memory == null ? null : memory.intValueExact(), job.regions(), maxPrice);
    }

    private static BigDecimal decimal(String text, String field, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!PLAIN_DECIMAL.matcher(text.strip()).matches()) {
            errors.put(field, "a number such as 16 or 10.5");
            return null;
        }
        return new BigDecimal(text.strip());
    }

    private static Instant utc(String text, String field, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            errors.put(field, "a date and hour (UTC)");
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.put(field, "a date and hour (UTC)");
            return null;
        }
    }
}
