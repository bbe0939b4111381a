package dev.cpx.web.api.identity;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.alerts.AlertDelivery;
import dev.cpx.settlement.alerts.AlertService;
import dev.cpx.settlement.alerts.AlertSettings;
import dev.cpx.web.api.input.MoneyInput;
import dev.cpx.web.api.input.Paging;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Where the organization's alerts go, its thresholds, and the delivery log. */
@RestController
@RequestMapping("/api/v1/organization/alerts")
@Tag(name = "Account")
class AlertsApi {

    private final AlertService alerts;

    AlertsApi(AlertService alerts) {
        this.alerts = alerts;
    }

    record Settings(String email, String webhookUrl, String webhookSecret, String lowBalance, String dailySpend) {

        static Settings of(AlertSettings s) {
            return new Settings(s.email(), s.webhookUrl(), s.webhookSecret(), amount(s.lowBalanceMinor()),
                    amount(s.dailySpendMinor()));
        }

        private static String amount(Long minor) {
            return minor == null ? null : Money.format(minor);
        }
    }

    record SettingsRequest(String email, String webhookUrl, String lowBalance, String dailySpend) {
    }

    record Delivery(long id, String kind, String channel, String target, String subject, String status, int attempts,
                    String lastError, String createdAt, String sentAt) {

        static Delivery of(AlertDelivery d) {
            return new Delivery(d.id(), d.kind(), d.channel(), d.target(), d.subject(), d.status(), d.attempts(),
                    d.lastError(), d.createdAt().toString(), d.sentAt() == null ? null : d.sentAt().toString());
        }
    }

    @GetMapping
    @PreAuthorize(ApiAccess.BILLING_PROFILE)
    @Operation(summary = "Alert settings, with the secret that signs webhooks (CPX-Signature)")
    Settings settings(CpxPrincipal caller) {
        return Settings.of(alerts.settings(caller.organizationId()));
    }

    @PutMapping
    @PreAuthorize(ApiAccess.BILLING_PROFILE)
    @Operation(summary = "Set where alerts go (email, webhookUrl) and the thresholds (lowBalance, dailySpend); "
            + "null or absent removes one")
    Settings save(CpxPrincipal caller, @RequestBody SettingsRequest request) {
        return Settings.of(alerts.save(caller.organizationId(), new AlertService.Changes(request.email(),
                request.webhookUrl(), MoneyInput.optionalMinor(request.lowBalance(), "lowBalance"),
                MoneyInput.optionalMinor(request.dailySpend(), "dailySpend"))));
    }

    @GetMapping("/deliveries")
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "The delivery log, newest first: each alert on each channel, its attempts and last error")
    List<Delivery> deliveries(CpxPrincipal caller, @RequestParam(defaultValue = "50") int limit) {
        return alerts.deliveries(caller.organizationId(), Paging.within("limit", limit, 1, AlertService.MAX_LOG))
                .stream().map(Delivery::of).toList();
    }
}
