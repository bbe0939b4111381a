package dev.cpx.web.api.payout;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.payout.PayoutAccount;
import dev.cpx.settlement.payout.PayoutDocuments;
import dev.cpx.settlement.payout.PayoutService;
import dev.cpx.settlement.payout.PayoutView;
import dev.cpx.settlement.payout.RemittanceAdvice;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Payouts: platform finance makes a closed period's payouts and downloads its bank file; a provider's finance reads
 * its own payouts with their remittance advice and sets where its payouts go.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Payouts")
class PayoutApi {

    private final PayoutService payouts;
    private final PayoutDocuments documents;

    PayoutApi(PayoutService payouts, PayoutDocuments documents) {
        this.payouts = payouts;
        this.documents = documents;
    }

    /** {@code amount} = {@code receivable} - {@code withheld} - {@code paidBefore}; money as decimal strings. */
    record Payout(long payoutId, long periodId, int run, String organization, String amount, String withheld,
                  String receivable, String paidBefore, String currency, String rail, String status, boolean debited,
                  String transferId, String bankFileId, String failure, Instant createdAt, Instant sentAt) {

        static Payout of(PayoutView v) {
            return new Payout(v.payoutId(), v.periodId(), v.run(), v.organization(), Money.format(v.amountMinor()),
                    Money.format(v.withheldMinor()), Money.format(v.receivableMinor()),
                    Money.format(v.paidBeforeMinor()), v.currency(), v.rail().name(), v.status().name(), v.debited(),
                    v.transferId(), v.bankFileId(), v.failure(), v.createdAt(), v.sentAt());
        }
    }

    record RemittanceLine(long contractId, String instrument, String role, String counterparty, String value,
                          String slaCredit, String fee, String adjustment, String net) {
    }

    record WithheldDispute(long disputeId, long contractId, String withheld) {
    }

    record Remittance(Payout payout, String statementHash, List<RemittanceLine> lines,
                      List<WithheldDispute> withheld) {

        static Remittance of(RemittanceAdvice advice) {
            return new Remittance(Payout.of(advice.payout()), advice.statementHash(), advice.lines().stream()
                    .map(l -> new RemittanceLine(l.contractId(), l.instrument(), l.role(), l.counterparty(),
                            Money.format(l.valueMinor()), Money.format(l.slaCreditMinor()), Money.format(l.feeMinor()),
                            Money.format(l.adjustmentMinor()), Money.format(l.netMinor()))).toList(),
                    advice.withheld().stream().map(w -> new WithheldDispute(w.disputeId(), w.contractId(),
                            Money.format(w.withheldMinor()))).toList());
        }
    }

    record Account(String rail, String stripeAccountId, String accountHolder, String iban, String bic,
                   Instant updatedAt, String updatedBy) {

        static Account of(PayoutAccount a) {
            return new Account(a.rail().name(), a.stripeAccountId(), a.accountHolder(), a.iban(), a.bic(),
                    a.updatedAt(), a.updatedBy());
        }
    }

    record AccountRequest(String rail, String stripeAccountId, String accountHolder, String iban, String bic) {
    }

    @PostMapping("/settlement/periods/{periodId}/payouts")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Make the payouts of a closed period's latest frozen run, once: 201 when this call made "
            + "any, 200 with the same payouts when they were made before; 409 while the period is open")
    ResponseEntity<List<Payout>> create(CpxPrincipal caller, @PathVariable long periodId) {
        var made = payouts.create(periodId, actor(caller));
        return ResponseEntity.status(made.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(made.payouts().stream().map(Payout::of).toList());
    }

    @GetMapping(value = "/settlement/periods/{periodId}/payouts/pain001.xml", produces = MediaType.APPLICATION_XML_VALUE)
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "The period's ISO 20022 pain.001.001.09 file of its bank-file payouts; debited payouts not "
            + "yet in a file go into a new one (and are SENT)")
    ResponseEntity<String> bankFile(@PathVariable long periodId) {
        var file = documents.bankFile(periodId);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(file.messageId() + ".pain001.xml").build().toString()).body(file.xml());
    }

    @GetMapping("/payouts")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Payouts newest first: platform finance sees all, an organization's finance its own")
    List<Payout> list(CpxPrincipal caller, @RequestParam(required = false) Long periodId,
                      @RequestParam(defaultValue = "100") int limit) {
        return payouts.list(scope(caller), periodId, limit).stream().map(Payout::of).toList();
    }

    @GetMapping("/payouts/{payoutId}")
    @PreAuthorize(ApiAccess.FINANCE)
    Payout get(CpxPrincipal caller, @PathVariable long payoutId) {
        return Payout.of(payouts.payout(payoutId, scope(caller)));
    }

    @GetMapping("/payouts/{payoutId}/remittance")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Remittance advice: the statement lines and withheld disputes behind the payout's amount")
    Remittance remittance(CpxPrincipal caller, @PathVariable long payoutId) {
        return Remittance.of(documents.remittance(payoutId, scope(caller)));
    }

    @GetMapping(value = "/payouts/{payoutId}/remittance.csv", produces = "text/csv")
    @PreAuthorize(ApiAccess.FINANCE)
    ResponseEntity<String> remittanceCsv(CpxPrincipal caller, @PathVariable long payoutId) {
        String csv = PayoutDocuments.csv(documents.remittance(payoutId, scope(caller)));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("payout-" + payoutId + "-remittance.csv").build().toString()).body(csv);
    }

    @GetMapping("/organization/payout-account")
    @PreAuthorize(ApiAccess.PAYOUT_ACCOUNT)
    @Operation(summary = "Where the organization's payouts go; 404 until it is set")
    Account account(CpxPrincipal caller) {
        return payouts.account(caller.organizationId()).map(Account::of)
                .orElseThrow(() -> new CpxException(ErrorCode.NOT_FOUND, "no payout account is set: PUT one"));
    }

    @PutMapping("/organization/payout-account")
    @PreAuthorize(ApiAccess.PAYOUT_ACCOUNT)
    @Operation(summary = "Set where payouts go: {rail: STRIPE_CONNECT, stripeAccountId} or {rail: BANK_FILE, "
            + "accountHolder, iban, bic}")
    Account saveAccount(CpxPrincipal caller, @RequestBody AccountRequest request) {
        return Account.of(payouts.saveAccount(caller.organization(), new PayoutService.AccountChanges(request.rail(),
                request.stripeAccountId(), request.accountHolder(), request.iban(), request.bic()), actor(caller)));
    }

    private static Long scope(CpxPrincipal caller) {
        return caller.organization().platform() ? null : caller.organizationId();
    }

    private static String actor(CpxPrincipal caller) {
        if (caller.email() != null) {
            return caller.email();
        }
        return caller.organizationCode() + " key " + caller.apiKeyId();
    }
}
