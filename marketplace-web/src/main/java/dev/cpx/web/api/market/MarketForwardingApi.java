package dev.cpx.web.api.market;

import dev.cpx.core.market.ForwardedCommand;
import dev.cpx.core.market.MarketService;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where other instances forward market commands to the one that owns the market. Not part of the public API:
 * the caller proves it read the owner's forward token from the database, which the owner checks; any other
 * caller gets 503 as if the market had moved.
 */
@RestController
@Hidden
@PermitAll
class MarketForwardingApi {

    static final String PATH = "/internal/market/commands";
    private static final String TOKEN_HEADER = "X-Cpx-Market-Token";
    private static final String KIND_HEADER = "X-Cpx-Market-Kind";

    private final MarketService market;

    MarketForwardingApi(MarketService market) {
        this.market = market;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> execute(@RequestHeader(TOKEN_HEADER) String token, @RequestHeader(KIND_HEADER) String kind,
                                   @RequestBody String body) {
        ForwardedCommand answer = market.executeForwarded(token, new ForwardedCommand(kind, body));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(KIND_HEADER, answer.kind())
                .body(answer.body());
    }
}
