package dev.cpx.core.market;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.OrganizationView;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request to place an order; {@code priceTicks} is null for MARKET orders; {@code project} (null for none) tags the
 * order and the contracts it makes, for the organization's own cost allocation.
 */
public record PlaceOrder(OrganizationView organization, String clientOrderId, String instrument, Side side,
                         OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity, String project) {

    public PlaceOrder(OrganizationView organization, String clientOrderId, String instrument, Side side,
                      OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity) {
        this(organization, clientOrderId, instrument, side, type, timeInForce, priceTicks, quantity, null);
    }

    /** Identifies the order's terms, so a replayed client order id can be told apart from a different order. */
    public String fingerprint() {
        String canonical = String.join("|", instrument, side.name(), type.name(), timeInForce.name(),
                String.valueOf(priceTicks), String.valueOf(quantity))
                // Orders without a project keep the fingerprint they always had.
                + (project == null ? "" : "|project=" + project);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
