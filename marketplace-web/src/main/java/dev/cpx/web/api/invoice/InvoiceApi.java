package dev.cpx.web.api.invoice;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.invoice.InvoiceService;
import dev.cpx.settlement.invoice.InvoiceView;
import dev.cpx.web.api.input.Paging;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invoices and credit notes of frozen settlement runs: an organization's finance sees those its organization
 * issued or received, platform finance all; another organization's document is answered as not found.
 */
@RestController
@RequestMapping("/api/v1/invoices")
@Tag(name = "Settlement")
class InvoiceApi {

    private final InvoiceService invoices;

    InvoiceApi(InvoiceService invoices) {
        this.invoices = invoices;
    }

    record Party(String code, String legalName, String taxId, String address) {

        static Party of(InvoiceView.Party party) {
            return new Party(party.code(), party.legalName(), party.taxId(), party.address());
        }
    }

    /** Money as decimal strings; {@code taxRate} in percent ("20.00"). */
    record Invoice(String invoiceNumber, String kind, boolean selfBilled, Party issuer, Party recipient,
                   String issueDate, String dueDate, long periodId, int run, String runKind, String currency,
                   String subtotal, String taxRate, String tax, String total, boolean reverseCharge,
                   String poReference, String references, String statementHash) {

        static Invoice of(InvoiceView v) {
            return new Invoice(v.invoiceNumber(), v.kind().name(), v.selfBilled(), Party.of(v.issuer()),
                    Party.of(v.recipient()), v.issueDate().toString(), v.dueDate().toString(), v.periodId(), v.run(),
                    v.runKind(), v.currency(), Money.format(v.subtotalMinor()), Money.format(v.taxRateBasisPoints()),
                    Money.format(v.taxMinor()), Money.format(v.totalMinor()), v.reverseCharge(), v.poReference(),
                    v.references(), v.statementHash());
        }
    }

    @GetMapping
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Invoices and credit notes the caller's organization issued or received (platform "
            + "finance: all), in issue order, of one settlement period or all; at most limit (1-500)")
    List<Invoice> invoices(CpxPrincipal caller, @RequestParam(required = false) Long periodId,
                           @RequestParam(defaultValue = "500") int limit) {
        Paging.within("limit", limit, 1, InvoiceService.MAX_LIST);
        return invoices.invoices(party(caller), periodId, limit).stream().map(Invoice::of).toList();
    }

    @GetMapping("/{invoiceNumber}.pdf")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "An invoice or credit note as PDF, the same bytes on every download; 404 for another "
            + "organization's")
    ResponseEntity<byte[]> pdf(CpxPrincipal caller, @PathVariable String invoiceNumber) {
        byte[] pdf = invoices.pdf(party(caller), invoiceNumber);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(InvoiceService.fileName(invoiceNumber)).build().toString())
                .body(pdf);
    }

    /** Whose documents the caller sees: its organization's, or every one for the platform. */
    static String party(CpxPrincipal caller) {
        return caller.organization().platform() ? null : caller.organizationCode();
    }
}
