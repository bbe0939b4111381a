package dev.cpx.settlement.payments;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCreateParams;
import dev.cpx.settlement.payments.internal.StripeEvents;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.payments.internal.TopUpStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wallet top-ups. Stripe is never called inside a database transaction: the top-up is stored PENDING with its
 * idempotency key, Stripe is called, the outcome is stored; a janitor retries the calls that got no answer with
 * the same key. Webhooks are verified by signature and applied once per event id. Without Stripe keys a top-up
 * waits for a bank transfer that platform finance confirms.
 */
@Service
public class PaymentService {

    private static final java.util.regex.Pattern BANK_REFERENCE = java.util.regex.Pattern.compile(
            "[A-Za-z0-9 ._:/-]{1,64}");

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    private static final java.util.regex.Pattern CLIENT_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Duration JANITOR_GRACE = Duration.ofMinutes(1);

    private final TopUpStore store;
    private final LedgerService ledger;
    private final PaymentSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final StripeClient stripe;
    private final StripeEvents events;

    PaymentService(TopUpStore store, LedgerService ledger, PaymentSettings settings,
                   PlatformTransactionManager transactionManager, Clock clock, StripeEvents events) {
        this.events = events;
        this.store = store;
        this.ledger = ledger;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.stripe = settings.stripeEnabled()
                ? StripeClient.builder().setApiKey(settings.stripeSecretKey()).setApiBase(settings.apiBase())
                        .setConnectTimeout(3_000).setReadTimeout(10_000).setMaxNetworkRetries(1).build()
                : null;
    }

    public TopUpView topUp(OrganizationView buyer, long amountMinor, String actor) {
        return topUp(buyer, amountMinor, actor, null);
    }

    /**
     * A new top-up; with the caller's {@code clientKey} (its Idempotency-Key), the same key again answers the top-up
     * made the first time (409 for another amount) and nothing is paid twice.
     */
    public TopUpView topUp(OrganizationView buyer, long amountMinor, String actor, String clientKey) {
        if (amountMinor < 100 || amountMinor > settings.maxTopUpMinor()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a top-up is between 1.00 and "
                    + Money.format(settings.maxTopUpMinor()), List.of(new FieldError("amount", "out of range")));
        }
        if (clientKey != null && !CLIENT_KEY.matcher(clientKey).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "Idempotency-Key must be 1-64 characters of "
                    + "A-Z a-z 0-9 . _ : -", List.of(new FieldError("Idempotency-Key", "1-64 of A-Z a-z 0-9 . _ : -")));
        }
        if (clientKey != null) {
            var earlier = earlier(buyer, amountMinor, clientKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String channel = settings.stripeEnabled() ? "STRIPE" : "BANK";
        String status = settings.stripeEnabled() ? "PENDING" : "AWAITING_TRANSFER";
        String key = "cpx-topup-" + UUID.randomUUID();
        long id;
        try {
            id = transactions.execute(tx -> store.insert(buyer.id(), amountMinor, settings.currency(), channel, status,
                    key, clientKey, actor, clock.instant()));
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return earlier(buyer, amountMinor, clientKey).orElseThrow(() -> raced);
        }
        if (!settings.stripeEnabled()) {
            return view(store.byId(id).orElseThrow(), null);
        }
        PaymentIntent intent = createIntent(store.byId(id).orElseThrow());
        return view(store.byId(id).orElseThrow(), intent == null ? null : intent.getClientSecret());
    }

    /** The top-up made earlier under the caller's key, if any: the same one again, or 409 for another amount. */
    public java.util.Optional<TopUpView> earlier(OrganizationView buyer, long amountMinor, String clientKey) {
        return store.byClientKey(buyer.id(), clientKey).map(topUp -> {
            if (topUp.amountMinor() != amountMinor) {
                throw new CpxException(ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key " + clientKey
                        + " was used for a top-up of " + Money.format(topUp.amountMinor()) + " (" + topUp.id() + ")");
            }
            return view(topUp, null);
        });
    }

    /** Calls Stripe for a stored top-up and stores the outcome; null when Stripe could not be reached. */
    private PaymentIntent createIntent(TopUpStore.TopUp topUp) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(topUp.amountMinor())
                .setCurrency(topUp.currency().toLowerCase(Locale.ROOT))
                .putMetadata("cpx_top_up_id", Long.toString(topUp.id()))
                .putMetadata("cpx_organization", topUp.organization())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true).build())
                .build();
        try {
            PaymentIntent intent = stripe.v1().paymentIntents().create(params,
                    RequestOptions.builder().setIdempotencyKey(topUp.idempotencyKey()).build());
            transactions.executeWithoutResult(tx -> store.recordIntent(topUp.id(), intent.getId(),
                    "succeeded".equals(intent.getStatus()) ? "PENDING" : "REQUIRES_PAYMENT", clock.instant()));
            return intent;
        } catch (ApiConnectionException unreachable) {
            log.warn("Stripe unreachable for top-up {}; the janitor retries it", topUp.id());
            return null;
        } catch (StripeException refused) {
            Integer status = refused.getStatusCode();
            if (status != null && (status == 429 || status >= 500)) {
                // Stripe's own trouble or a rate limit: the same call with the same key may well succeed later.
                log.warn("Stripe answered {} for top-up {}; the janitor retries it with the same key", status,
                        topUp.id());
                return null;
            }
            transactions.executeWithoutResult(tx -> store.recordFailure(topUp.id(), refused.getMessage(),
                    clock.instant()));
            String reason = refused.getStripeError() == null ? refused.getMessage()
                    : refused.getStripeError().getMessage();
            throw new CpxException(ErrorCode.PAYMENT_REFUSED, "the payment provider refused the top-up: " + reason);
        }
    }

    /** Retries Stripe calls that got no answer, with their original idempotency keys. */
    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    public void retryUnanswered() {
        if (!settings.stripeEnabled()) {
            return;
        }
        for (var topUp : store.unanswered(clock.instant().minus(JANITOR_GRACE), 50)) {
            try {
                createIntent(topUp);
            } catch (CpxException refused) {
                log.info("Top-up {} refused on retry: {}", topUp.id(), refused.detail());
            }
        }
    }

    /**
     * Platform finance records a received bank transfer: what arrived is credited to the wallet, once, with the bank's
     * reference and who confirmed it.
     */
    public TopUpView confirmTransfer(long topUpId, long receivedMinor, String bankReference, String confirmedBy) {
        if (receivedMinor <= 0 || receivedMinor > settings.maxTopUpMinor()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "amountReceived must be above 0.00 and at most "
                    + dev.cpx.core.money.Money.format(settings.maxTopUpMinor()),
                    java.util.List.of(new CpxException.FieldError("amountReceived", "above 0.00")));
        }
        if (bankReference == null || !BANK_REFERENCE.matcher(bankReference).matches()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "bankReference must be the bank's reference of the "
                    + "transfer: 1-64 letters, digits, spaces or . _ : / -",
                    java.util.List.of(new CpxException.FieldError("bankReference", "1-64 letters, digits, spaces or . _ : / -")));
        }
        return transactions.execute(tx -> {
            var topUp = store.byId(topUpId).orElseThrow(() -> CpxException.notFound("top-up", topUpId));
            if (!"BANK".equals(topUp.channel())) {
                throw new CpxException(ErrorCode.CONFLICT, "top-up " + topUpId + " is paid through Stripe");
            }
            if (!store.confirmTransfer(topUpId, new TopUpStore.Receipt(receivedMinor, bankReference.strip(),
                    confirmedBy, clock.instant()))) {
                throw new CpxException(ErrorCode.CONFLICT, "top-up " + topUpId + " is already " + topUp.status());
            }
            if (receivedMinor != topUp.amountMinor()) {
                log.info("Top-up {} asked for {} and {} arrived; the wallet gets what arrived", topUpId,
                        topUp.amountMinor(), receivedMinor);
            }
            ledger.fund(topUp.organizationId(), receivedMinor, "topup:" + topUpId);
            return view(store.byId(topUpId).orElseThrow(), null);
        });
    }

    /**
     * Applies a Stripe webhook: verified against the signing secret (with Stripe's timestamp tolerance, on the
     * real clock), then applied once per event id in one transaction with its effect.
     */
    public String handleWebhook(String payload, String signature) {
        if (settings.stripeWebhookSecret() == null || settings.stripeWebhookSecret().isBlank()) {
            throw new CpxException(ErrorCode.NOT_FOUND, "Stripe webhooks are not configured");
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, settings.stripeWebhookSecret(),
                    Webhook.DEFAULT_TOLERANCE, Clock.systemUTC());
        } catch (SignatureVerificationException | RuntimeException invalid) {
            throw new CpxException(ErrorCode.MALFORMED_REQUEST, "the webhook signature or payload is not valid");
        }
        return transactions.execute(tx -> {
            if (!store.recordEvent(event.getId(), event.getType(), clock.instant())) {
                return "duplicate";
            }
            return events.apply(event);
        });
    }

    /** Bank transfers still awaited, oldest first, at most {@code limit} (1 to 500). */
    public List<TopUpView> awaitingTransfer(int limit) {
        return store.awaitingTransfer(Math.clamp(limit, 1, 500)).stream().map(t -> view(t, null)).toList();
    }

    public List<TopUpView> topUps(Long organizationId, int limit) {
        return store.ofOrganization(organizationId, Math.clamp(limit, 1, 200)).stream().map(t -> view(t, null)).toList();
    }

    /** The payment intent an event is about; events of other API versions are read leniently. */

    private static TopUpView view(TopUpStore.TopUp topUp, String clientSecret) {
        return new TopUpView(topUp.id(), topUp.organization(), topUp.amountMinor(), topUp.currency(), topUp.channel(),
                topUp.status(), topUp.paymentIntentId(), clientSecret,
                "BANK".equals(topUp.channel()) ? "CPX-TOPUP-" + topUp.id() : null, topUp.createdAt(),
                topUp.receipt() == null ? null : topUp.receipt().receivedMinor(),
                topUp.receipt() == null ? null : topUp.receipt().reference(),
                topUp.receipt() == null ? null : topUp.receipt().confirmedBy(),
                topUp.receipt() == null ? null : topUp.receipt().confirmedAt(), topUp.refundedMinor(),
                topUp.disputedMinor());
    }
}
