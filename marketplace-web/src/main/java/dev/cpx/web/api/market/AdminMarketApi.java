package dev.cpx.web.api.market;

import dev.cpx.core.identity.IdentityAdministration;
import dev.cpx.core.market.MarketHalt;
import dev.cpx.core.market.MarketService;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Trading halts, for the platform's administrators: halt one instrument or every instrument of a compute class, list
 * the halts in force, lift one. Each act is recorded in the admin audit trail.
 */
@RestController
@RequestMapping("/api/v1/admin/market/halts")
@Tag(name = "Admin")
@PreAuthorize(ApiAccess.PLATFORM_ADMIN)
class AdminMarketApi {

    private final MarketService market;
    private final IdentityAdministration administration;

    AdminMarketApi(MarketService market, IdentityAdministration administration) {
        this.market = market;
        this.administration = administration;
    }

    /** Exactly one of {@code instrument} (a symbol) and {@code computeClass}; {@code reason} 1-500 characters. */
    record HaltRequest(String instrument, String computeClass, String reason) {
    }

    record Halt(String instrument, String computeClass, String reason, String haltedBy, String haltedAt) {

        static Halt of(MarketHalt halt) {
            return new Halt(halt.instrument(), halt.computeClass(), halt.reason(), halt.haltedBy(),
                    halt.haltedAt().toString());
        }
    }

    @GetMapping
    @Operation(summary = "The trading halts in force")
    List<Halt> halts() {
        return market.halts().halts().stream().map(Halt::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Halt trading in an instrument or a compute class: new orders and amends are refused with "
            + "422 market-halted until it resumes; cancels still work. 409 when halted already")
    Halt halt(CpxPrincipal caller, @RequestBody(required = false) HaltRequest request) {
        var body = request == null ? new HaltRequest(null, null, null) : request;
        var administrator = caller.administrator();
        MarketHalt halt = market.halt(body.instrument(), body.computeClass(), body.reason(), administrator.email());
        administration.record(administrator, "MARKET_HALTED", halt.target(), halt.reason());
        return Halt.of(halt);
    }

    @DeleteMapping("/instruments/{symbol}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Resume trading in an instrument; 404 when it is not halted")
    void resumeInstrument(CpxPrincipal caller, @PathVariable String symbol) {
        market.resume(symbol, null);
        administration.record(caller.administrator(), "MARKET_RESUMED", symbol, "trading resumed");
    }

    @DeleteMapping("/compute-classes/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Resume trading in every instrument of a compute class; 404 when it is not halted")
    void resumeComputeClass(CpxPrincipal caller, @PathVariable String code) {
        market.resume(null, code);
        administration.record(caller.administrator(), "MARKET_RESUMED", "compute class " + code, "trading resumed");
    }
}
