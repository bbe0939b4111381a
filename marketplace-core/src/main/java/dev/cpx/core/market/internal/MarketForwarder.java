package dev.cpx.core.market.internal;

import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreResult;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends a market command to the instance that owns the market and returns its answer: any instance accepts
 * market commands. The owner checks the forward token it drew when it took the lease, so only instances that
 * read it from the database can forward.
 */
final class MarketForwarder {

    static final String PATH = "/internal/market/commands";
    static final String TOKEN_HEADER = "X-Cpx-Market-Token";
    static final String KIND_HEADER = "X-Cpx-Market-Kind";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final CommandCodec codec;
    private final Duration timeout;

    MarketForwarder(CommandCodec codec, Duration timeout) {
        this.codec = codec;
        this.timeout = timeout;
    }

    CoreResult forward(MarketLease.Owner owner, CoreCommand command) {
        var request = HttpRequest.newBuilder(URI.create(owner.address() + PATH))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(TOKEN_HEADER, owner.forwardToken())
                .header(KIND_HEADER, codec.kind(command))
                .POST(HttpRequest.BodyPublishers.ofString(codec.body(command)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "the market's owner at " + owner.address()
                    + " did not answer (" + e.getClass().getSimpleName() + "); retry, with the same clientOrderId"
                    + " for an order");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "interrupted while forwarding to the market");
        }
        String kind = response.headers().firstValue(KIND_HEADER).orElse(null);
        if (response.statusCode() != 200 || kind == null) {
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "the market's owner at " + owner.address()
                    + " answered " + response.statusCode() + "; retry in a few seconds");
        }
        return codec.result(kind, response.body());
    }
}
