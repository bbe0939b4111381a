package dev.cpx.core.market;

import dev.cpx.core.engine.Side;
import dev.cpx.core.identity.OrganizationView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A request for a block: {@code quantity} GPUs of one class in one region for every instrument delivering in
 * {@code [start, end)}, at an average price per GPU-hour (fees excluded) no higher than {@code limitPriceTicks} for a
 * BUY, or one ask at that price per instrument for a SELL. {@code maxTotalMinor}, when set, also caps what the
 * whole BUY may cost (fees excluded): a quote's accept never pays more than it quoted.
 */
public record PlaceBlockOrder(OrganizationView organization, String clientOrderId, String computeClass, String region,
                              Side side, long quantity, Instant start, Instant end, long limitPriceTicks,
                              String project, Long maxTotalMinor) {

    /** A block limited by its average price only. */
    public PlaceBlockOrder(OrganizationView organization, String clientOrderId, String computeClass, String region,
                           Side side, long quantity, Instant start, Instant end, long limitPriceTicks, String project) {
        this(organization, clientOrderId, computeClass, region, side, quantity, start, end, limitPriceTicks, project,
                null);
    }

    /** The block's terms, so a replayed client order id can be told apart from a different block. */
    public String fingerprint() {
        String canonical = String.join("|", "block", computeClass, region, side.name(), String.valueOf(quantity),
                start.toString(), end.toString(), String.valueOf(limitPriceTicks), String.valueOf(project))
                + (maxTotalMinor == null ? "" : "|max " + maxTotalMinor);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
