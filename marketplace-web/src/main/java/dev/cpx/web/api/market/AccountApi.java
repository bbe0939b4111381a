package dev.cpx.web.api.market;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.money.Money;
import dev.cpx.web.api.input.MoneyInput;
import dev.cpx.web.api.market.MarketResponses.Account;
import dev.cpx.web.api.market.MarketResponses.SpendLimits;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's organization's balances and spend limits. */
@RestController
@RequestMapping("/api/v1/account")
@Tag(name = "Account")
class AccountApi {

    private final LedgerService ledger;
    private final MarketService market;
    private final CpxProperties properties;
    private final IdentityService identity;

    AccountApi(LedgerService ledger, MarketService market, CpxProperties properties, IdentityService identity) {
        this.ledger = ledger;
        this.market = market;
        this.properties = properties;
        this.identity = identity;
    }

    /** Decimal strings; an absent or null limit removes it. */
    record SpendLimitsRequest(String perOrder, String perDay) {
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "Available (may be negative down to the credit limit), held for open bids, credit limit, "
            + "escrow (paid for contracts awaiting settlement), spend limits and today's spend (UTC, fees included)")
    Account account(CpxPrincipal caller) {
        var organization = caller.organization();
        return Account.of(organization.code(), properties.currency(), ledger.balances(organization.id()),
                identity.organization(organization.id()).creditLimitMinor(), market.spending(organization));
    }

    @PutMapping("/spend-limits")
    @PreAuthorize(ApiAccess.SPEND_LIMITS)
    @Operation(summary = "Set the spend limits per order and per UTC day (fees included); a bid that could pass "
            + "one is refused with 422 spend-limit. An absent or null limit removes it")
    SpendLimits setSpendLimits(CpxPrincipal caller, @RequestBody SpendLimitsRequest request) {
        return SpendLimits.of(market.setSpendLimits(caller.organization(), MoneyInput.optionalMinor(request.perOrder(), "perOrder"),
                MoneyInput.optionalMinor(request.perDay(), "perDay")));
    }
}
