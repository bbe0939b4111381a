package dev.cpx.settlement.payout.internal;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import dev.cpx.settlement.payments.PaymentSettings;
import dev.cpx.settlement.payout.PayoutRail;
import dev.cpx.settlement.payout.PayoutRailKind;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Stripe Connect transfers to the organization's connected account, with the Stripe keys and API base of the
 * payments (in tests a local Stripe-compatible server). Without a Stripe secret key every call is a retry: the
 * payouts wait until Stripe is configured.
 */
@Component
class StripeConnectRail implements PayoutRail {

    private final StripeClient stripe;

    StripeConnectRail(PaymentSettings settings) {
        this.stripe = settings.stripeEnabled()
                ? StripeClient.builder().setApiKey(settings.stripeSecretKey()).setApiBase(settings.apiBase())
                        .setConnectTimeout(3_000).setReadTimeout(10_000).setMaxNetworkRetries(1).build()
                : null;
    }

    @Override
    public PayoutRailKind kind() {
        return PayoutRailKind.STRIPE_CONNECT;
    }

    @Override
    public Outcome send(Transfer transfer) {
        if (stripe == null) {
            return new Retry("Stripe is not configured (cpx.payments.stripe-secret-key)");
        }
        var params = TransferCreateParams.builder()
                .setAmount(transfer.amountMinor())
                .setCurrency(transfer.currency().toLowerCase(Locale.ROOT))
                .setDestination(transfer.stripeAccountId())
                .setTransferGroup("cpx-period-" + transfer.periodId())
                .putMetadata("cpx_payout_id", Long.toString(transfer.payoutId()))
                .putMetadata("cpx_organization", transfer.organization())
                .build();
        try {
            var created = stripe.v1().transfers().create(params,
                    RequestOptions.builder().setIdempotencyKey(transfer.idempotencyKey()).build());
            return new Sent(created.getId());
        } catch (ApiConnectionException unreachable) {
            return new Retry("Stripe unreachable: " + unreachable.getMessage());
        } catch (StripeException refused) {
            Integer status = refused.getStatusCode();
            String reason = refused.getStripeError() == null ? refused.getMessage()
                    : refused.getStripeError().getMessage();
            if (status == null || status == 429 || status >= 500 || status == 409) {
                // A rate limit, Stripe's own trouble, or the same key still being processed: the same call later.
                return new Retry("Stripe answered " + status + ": " + reason);
            }
            return new Failed("Stripe refused the transfer (" + status + "): " + reason);
        }
    }
}
