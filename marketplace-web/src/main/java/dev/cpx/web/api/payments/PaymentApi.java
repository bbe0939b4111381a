package dev.cpx.web.api.payments;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.payments.PaymentService;
import dev.cpx.settlement.payments.TopUpView;
import dev.cpx.web.api.market.Prices;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Wallet top-ups through Stripe, manual bank transfers without it, and Stripe's webhook. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Payments")
class PaymentApi {

    private final PaymentService payments;

    PaymentApi(PaymentService payments) {
        this.payments = payments;
    }

    record TopUpRequest(@NotBlank String amount) {
    }

    record TopUp(long topUpId, String organization, String amount, String currency, String channel, String status,
                 String paymentIntentId, String clientSecret, String bankReference, String createdAt,
                 String amountReceived, String receivedReference, String confirmedBy, String confirmedAt,
                 String refunded, String disputed) {

        static TopUp of(TopUpView view) {
            return new TopUp(view.topUpId(), view.organization(), Money.format(view.amountMinor()), view.currency(),
                    view.channel(), view.status(), view.paymentIntentId(), view.clientSecret(), view.bankReference(),
                    view.createdAt().toString(),
                    view.receivedMinor() == null ? null : Money.format(view.receivedMinor()), view.receivedReference(),
                    view.confirmedBy(), view.confirmedAt() == null ? null : view.confirmedAt().toString(),
                    Money.format(view.refundedMinor()), Money.format(view.disputedMinor()));
        }
    }

    /** What arrived on the platform's account and the bank's reference of the transfer. */
    record ConfirmRequest(String amountReceived, String bankReference) {
    }

    @PostMapping("/wallet/top-ups")
    @PreAuthorize(ApiAccess.TOP_UP)
    @Operation(summary = "Top up the wallet: a Stripe PaymentIntent (confirm it with clientSecret), or without "
            + "Stripe a bank transfer with bankReference that platform finance confirms; with an Idempotency-Key "
            + "header the same key again answers 200 with the same top-up (409 for another amount)")
    org.springframework.http.ResponseEntity<TopUp> topUp(CpxPrincipal caller, @Valid @RequestBody TopUpRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String clientKey) {
        String actor = caller.email() != null ? caller.email() : caller.organizationCode() + " key " + caller.apiKeyId();
        long amount = Prices.parse(request.amount(), "amount");
        if (clientKey != null) {
            var earlier = payments.earlier(caller.organization(), amount, clientKey);
            if (earlier.isPresent()) {
                return org.springframework.http.ResponseEntity.ok(TopUp.of(earlier.get()));
            }
        }
        return org.springframework.http.ResponseEntity.status(HttpStatus.CREATED)
                .body(TopUp.of(payments.topUp(caller.organization(), amount, actor, clientKey)));
    }

    @GetMapping("/wallet/top-ups")
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "Top-ups of the organization (all of them for platform finance), newest first")
    List<TopUp> list(CpxPrincipal caller, @RequestParam(defaultValue = "50") int limit) {
        Long scope = caller.organization().platform() ? null : caller.organizationId();
        return payments.topUps(scope, limit).stream().map(TopUp::of).toList();
    }

    @PostMapping("/wallet/top-ups/{topUpId}/confirm")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Platform finance records the bank transfer of a top-up with what arrived and the bank's "
            + "reference; the wallet is credited once, with what arrived")
    TopUp confirm(CpxPrincipal caller, @PathVariable long topUpId, @RequestBody(required = false) ConfirmRequest request) {
        if (request == null || request.amountReceived() == null) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "give amountReceived and bankReference of the transfer",
                    List.of(new CpxException.FieldError("amountReceived", "required")));
        }
        String actor = caller.email() != null ? caller.email() : caller.organizationCode() + " key " + caller.apiKeyId();
        return TopUp.of(payments.confirmTransfer(topUpId, Prices.parse(request.amountReceived(), "amountReceived"),
                request.bankReference(), actor));
    }

    @PostMapping("/payments/stripe/webhook")
    @PermitAll
    @Operation(summary = "Stripe events, verified by the Stripe-Signature header and applied once each")
    Map<String, String> webhook(@RequestBody String payload,
                                @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        return Map.of("result", payments.handleWebhook(payload, signature == null ? "" : signature));
    }
}
