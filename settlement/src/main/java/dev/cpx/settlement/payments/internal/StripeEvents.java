package dev.cpx.settlement.payments.internal;

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import dev.cpx.core.ledger.LedgerService;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a verified Stripe event does to a top-up, inside the caller's transaction (which also records the event id,
 * so each event acts once): a succeeded payment credits the wallet; a refund or a card holder's dispute takes the
 * money back out of it, a dispute won returns it. Every change is a conditional update of the top-up's row, so two
 * events saying the same thing (Stripe sends refunds as cumulative totals) move the money once.
 */
@Component
public class StripeEvents {

    private static final Logger log = LoggerFactory.getLogger(StripeEvents.class);

    private final TopUpStore store;
    private final LedgerService ledger;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher publisher;

    StripeEvents(TopUpStore store, LedgerService ledger, Clock clock,
                 org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** "applied" or "ignored" (an event about something that is not a CPX top-up, or that changes nothing). */
    public String apply(Event event) {
        StripeObject object = dataObject(event);
        return switch (event.getType()) {
            case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled" ->
                    object instanceof PaymentIntent intent ? intentEvent(event.getType(), intent) : "ignored";
            case "charge.refunded" -> object instanceof Charge charge ? refunded(charge) : "ignored";
            case "charge.dispute.created", "charge.dispute.funds_withdrawn" ->
                    object instanceof Dispute dispute ? disputed(dispute) : "ignored";
            case "charge.dispute.closed" -> object instanceof Dispute dispute ? disputeClosed(dispute) : "ignored";
            case "transfer.created", "transfer.reversed" ->
                    object instanceof com.stripe.model.Transfer transfer ? transfer(event.getType(), transfer) : "ignored";
            default -> "ignored";
        };
    }

    private String intentEvent(String type, PaymentIntent intent) {
        Optional<TopUpStore.TopUp> found = topUpOf(intent);
        if (found.isEmpty()) {
            return "ignored";
        }
        var topUp = found.get();
        switch (type) {
            case "payment_intent.succeeded" -> {
                if (store.succeedFromStripe(topUp.id(), clock.instant())) {
                    ledger.fund(topUp.organizationId(), topUp.amountMinor(), "topup:" + topUp.id());
                }
            }
            case "payment_intent.payment_failed" -> store.markStatus(topUp.id(), "FAILED", clock.instant());
            default -> store.markStatus(topUp.id(), "CANCELED", clock.instant());
        }
        return "applied";
    }

    /**
     * By the intent id, or, when the event came before the create call's answer was stored, by the top-up id CPX put
     * in the intent's metadata (then the intent is adopted).
     */
    private Optional<TopUpStore.TopUp> topUpOf(PaymentIntent intent) {
        var known = store.byPaymentIntent(intent.getId());
        if (known.isPresent() || intent.getMetadata() == null) {
            return known;
        }
        String id = intent.getMetadata().get("cpx_top_up_id");
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        var byMetadata = store.byId(Long.parseLong(id)).filter(t -> "STRIPE".equals(t.channel())
                && (t.paymentIntentId() == null || t.paymentIntentId().equals(intent.getId()))
                && (intent.getAmount() == null || intent.getAmount() == t.amountMinor()));
        byMetadata.ifPresent(t -> {
            store.adoptIntent(t.id(), intent.getId(), clock.instant());
            log.info("Stripe event for top-up {} came before its PaymentIntent {} was stored; matched by metadata",
                    t.id(), intent.getId());
        });
        return byMetadata;
    }

    /** Stripe reports the refunded total; only what is new since the last refund leaves the wallet. */
    private String refunded(Charge charge) {
        var found = store.byPaymentIntent(charge.getPaymentIntent());
        if (found.isEmpty() || charge.getAmountRefunded() == null) {
            return "ignored";
        }
        var topUp = found.get();
        long total = Math.min(charge.getAmountRefunded(), topUp.amountMinor());
        long added = total - topUp.refundedMinor();
        if (added <= 0 || !credited(topUp)) {
            return "ignored";
        }
        String status = total >= topUp.amountMinor() ? "REFUNDED" : "PARTIALLY_REFUNDED";
        if (store.refunded(topUp.id(), topUp.refundedMinor(), total, status, clock.instant())) {
            ledger.reverseFunding(topUp.organizationId(), added, "topup:" + topUp.id() + ":refunded:" + total);
        }
        return "applied";
    }

    private String disputed(Dispute dispute) {
        var found = store.byPaymentIntent(dispute.getPaymentIntent());
        if (found.isEmpty() || dispute.getAmount() == null || !credited(found.get())) {
            return "ignored";
        }
        var topUp = found.get();
        long amount = Math.min(dispute.getAmount(), topUp.amountMinor() - topUp.refundedMinor());
        if (topUp.disputedMinor() > 0 || amount <= 0) {
            return "ignored";
        }
        if (store.disputed(topUp.id(), 0, amount, "DISPUTED", clock.instant())) {
            ledger.reverseFunding(topUp.organizationId(), amount, "topup:" + topUp.id() + ":disputed:" + dispute.getId());
        }
        return "applied";
    }

    /** A dispute won returns the withdrawn money; a lost one leaves it out. */
    private String disputeClosed(Dispute dispute) {
        var found = store.byPaymentIntent(dispute.getPaymentIntent());
        if (found.isEmpty() || found.get().disputedMinor() == 0) {
            return "ignored";
        }
        var topUp = found.get();
        if ("won".equals(dispute.getStatus())) {
            if (store.disputed(topUp.id(), topUp.disputedMinor(), 0, "SUCCEEDED", clock.instant())) {
                ledger.fund(topUp.organizationId(), topUp.disputedMinor(), "topup:" + topUp.id() + ":dispute-won:"
                        + dispute.getId());
            }
        } else {
            store.markDisputeLost(topUp.id(), clock.instant());
        }
        return "applied";
    }

    /** A transfer CPX made for a payout (named in its metadata) is the payouts' business: handed on as an event. */
    private String transfer(String type, com.stripe.model.Transfer transfer) {
        String payoutId = transfer.getMetadata() == null ? null : transfer.getMetadata().get("cpx_payout_id");
        if (payoutId == null || !payoutId.matches("[0-9]{1,18}") || transfer.getAmount() == null) {
            return "ignored";
        }
        publisher.publishEvent(new dev.cpx.settlement.payments.StripeTransferEvent(type, transfer.getId(),
                Long.parseLong(payoutId), transfer.getAmount()));
        return "applied";
    }

    /** Only money that reached the wallet can be taken back out of it. */
    private static boolean credited(TopUpStore.TopUp topUp) {
        return switch (topUp.status()) {
            case "SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED", "DISPUTE_LOST" -> true;
            default -> false;
        };
    }

    private static StripeObject dataObject(Event event) {
        var deserializer = event.getDataObjectDeserializer();
        return deserializer.getObject().orElseGet(() -> {
            try {
                return deserializer.deserializeUnsafe();
            } catch (com.stripe.exception.EventDataObjectDeserializationException unreadable) {
                return null;
            }
        });
    }
}
