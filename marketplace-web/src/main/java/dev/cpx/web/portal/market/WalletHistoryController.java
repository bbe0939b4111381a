package dev.cpx.web.portal.market;

import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.ledger.WalletMovement;
import dev.cpx.core.money.Money;
import dev.cpx.web.security.CpxPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The wallet's movements with the running balance, filtered by UTC dates, as a page and as CSV. */
@Controller
@PreAuthorize("isAuthenticated()")
class WalletHistoryController {

    private static final int PAGE = 200;

    private final LedgerService ledger;

    WalletHistoryController(LedgerService ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/account/history")
    String page(CpxPrincipal caller, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, Model model) {
        LocalDate first = date(from);
        LocalDate last = date(to);
        model.addAttribute("activeNav", "account");
        model.addAttribute("from", first == null ? "" : first.toString());
        model.addAttribute("to", last == null ? "" : last.toString());
        model.addAttribute("unreadable", (from != null && !from.isBlank() && first == null)
                || (to != null && !to.isBlank() && last == null));
        model.addAttribute("movements", ledger.movements(caller.organizationId(), start(first), end(last), PAGE)
                .stream().map(Row::of).toList());
        return "market/history";
    }

    @GetMapping("/account/history.csv")
    ResponseEntity<byte[]> csv(CpxPrincipal caller, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to) {
        List<WalletMovement> movements = ledger.movements(caller.organizationId(), start(date(from)), end(date(to)),
                LedgerService.MAX_MOVEMENTS);
        var csv = new StringBuilder("entry,at,kind,reference,amount,balance\n");
        for (WalletMovement m : movements) {
            csv.append(m.entryId()).append(',').append(m.at()).append(',').append(m.kind()).append(',')
                    .append(m.reference().replace(",", " ")).append(',').append(Money.format(m.amountMinor()))
                    .append(',').append(Money.format(m.balanceAfterMinor())).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(caller.organizationCode() + "-wallet.csv").build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A movement as the page shows it. */
    record Row(long entryId, Instant at, String kind, String reference, String amount, boolean credit,
               String balance) {

        static Row of(WalletMovement m) {
            return new Row(m.entryId(), m.at(), m.kind(), m.reference(), Amounts.grouped(m.amountMinor()),
                    m.amountMinor() >= 0, Amounts.grouped(m.balanceAfterMinor()));
        }
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank() || text.strip().length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant start(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant end(LocalDate date) {
        return date == null ? null : date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
