package dev.cpx.web.api.market;

import dev.cpx.core.ledger.LedgerService;
import dev.cpx.web.api.market.MarketResponses.Account;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organization's balances. */
@RestController
@RequestMapping("/api/v1/account")
@Tag(name = "Account")
class AccountApi {

    private final LedgerService ledger;
    private final CpxProperties properties;

    AccountApi(LedgerService ledger, CpxProperties properties) {
        this.ledger = ledger;
        this.properties = properties;
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "Available (may be negative down to the credit limit), held for open bids, credit limit, "
            + "and escrow (paid for contracts awaiting settlement)")
    Account account(CpxPrincipal caller) {
        var organization = caller.organization();
        return Account.of(organization.code(), properties.currency(), ledger.balances(organization.id()),
                organization.creditLimitMinor());
    }
}
