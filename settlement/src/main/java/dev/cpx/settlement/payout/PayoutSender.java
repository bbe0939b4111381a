package dev.cpx.settlement.payout;

import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.money.Money;
import dev.cpx.settlement.alerts.AlertService;
import dev.cpx.settlement.payout.internal.PayoutStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves payouts on: records what the market core did with each debit, and hands debited payouts to their rail.
 * Runs right after payouts are made and as a janitor every minute on every instance; each attempt is claimed by one
 * instance (a conditional update), so a payout is sent by one at a time, always with its own idempotency key, and a
 * call that got no answer is made again, the same call, after {@code cpx.payouts.retry-after}. What a rail answered
 * is recorded in one transaction with its ledger posting and its "payout sent" alert.
 */
@Component
public class PayoutSender {

    private static final Logger log = LoggerFactory.getLogger(PayoutSender.class);
    private static final int BATCH = 50;
    /** How long one attempt holds its claim: longer than a Stripe call with its own retry. */
    private static final Duration CLAIM = Duration.ofMinutes(2);

    private final PayoutStore store;
    private final Map<PayoutRailKind, PayoutRail> rails;
    private final LedgerService ledger;
    private final AlertService alerts;
    private final PayoutSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PayoutSender(PayoutStore store, List<PayoutRail> rails, LedgerService ledger, AlertService alerts,
                 PayoutSettings settings, PlatformTransactionManager transactionManager, Clock clock) {
        this.store = store;
        this.rails = rails.stream().collect(Collectors.toUnmodifiableMap(PayoutRail::kind, Function.identity()));
        this.ledger = ledger;
        this.alerts = alerts;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void janitor() {
        try {
            advance();
        } catch (RuntimeException e) {
            log.warn("Payouts postponed: {}", e.toString());
        }
    }

    /** Records the market core's debits, then sends what is due. */
    public void advance() {
        recordDebits();
        for (var payout : store.due(PayoutRailKind.STRIPE_CONNECT, clock.instant(), BATCH)) {
            Instant now = clock.instant();
            if (store.claim(payout.view().payoutId(), now, now.plus(CLAIM))) {
                send(payout);
            }
        }
    }

    private void recordDebits() {
        for (var applied : store.appliedDebits(BATCH)) {
            transactions.executeWithoutResult(tx -> {
                if (applied.debited()) {
                    store.debited(applied.payoutId(), clock.instant());
                } else if (store.refused(applied.payoutId(), "the wallet's available balance was short when the market "
                        + "applied the payout; nothing left the wallet", clock.instant())) {
                    log.info("Payout {} refused by the market: available balance short", applied.payoutId());
                }
            });
        }
    }

    private void send(PayoutStore.Payout payout) {
        PayoutView view = payout.view();
        var outcome = rails.get(view.rail()).send(new PayoutRail.Transfer(view.payoutId(), view.periodId(),
                view.organization(), view.amountMinor(), view.currency(), payout.stripeAccountId(),
                payout.idempotencyKey()));
        switch (outcome) {
            case PayoutRail.Sent sent -> transactions.executeWithoutResult(tx -> sent(payout, sent.reference(), null));
            case PayoutRail.Failed failed -> transactions.executeWithoutResult(tx -> failed(payout, failed.reason()));
            case PayoutRail.Retry retry -> {
                log.warn("Payout {} not sent: {}; retried with the same key", view.payoutId(), retry.reason());
                store.retryLater(view.payoutId(), retry.reason(), clock.instant().plus(settings.retryAfter()));
            }
            case PayoutRail.Batched batched -> store.retryLater(view.payoutId(), null, clock.instant());
        }
    }

    /**
     * Stripe tells of a transfer made for a payout: when the call that made it got no answer (the payout is still
     * PENDING), the transfer is adopted and the payout is SENT, once; the janitor then has nothing left to send.
     */
    @org.springframework.context.event.EventListener
    void on(dev.cpx.settlement.payments.StripeTransferEvent event) {
        if (!"transfer.created".equals(event.type())) {
            log.warn("Stripe reports {} of transfer {} for payout {}: platform finance follows it up with Stripe",
                    event.type(), event.transferId(), event.payoutId());
            return;
        }
        store.byId(event.payoutId()).filter(p -> p.view().rail() == PayoutRailKind.STRIPE_CONNECT
                        && p.view().amountMinor() == event.amountMinor())
                .ifPresent(p -> {
                    if (sent(p, event.transferId(), null)) {
                        log.info("Payout {} adopted transfer {} from Stripe's event", event.payoutId(),
                                event.transferId());
                    }
                });
    }

    /** Marks a payout sent once: the ledger moves it out and the organization is told, in the caller's transaction. */
    boolean sent(PayoutStore.Payout payout, String transferId, String bankFileId) {
        PayoutView view = payout.view();
        if (!store.sent(view.payoutId(), transferId, bankFileId, clock.instant())) {
            return false;
        }
        ledger.payoutSent(view.amountMinor(), "payout:" + view.payoutId());
        String amount = Money.format(view.amountMinor()) + " " + view.currency();
        alerts.raise(payout.organizationId(), "payout-sent", "payout-sent:" + view.payoutId(),
                "Payout of " + amount + " sent",
                "Payout " + view.payoutId() + " of " + amount + " for settlement period " + view.periodId() + " (run "
                        + view.run() + ") was sent " + (view.rail() == PayoutRailKind.STRIPE_CONNECT
                        ? "to your Stripe account as transfer " + transferId : "by bank transfer in file " + bankFileId)
                        + (view.withheldMinor() > 0 ? "; " + Money.format(view.withheldMinor()) + " is withheld while "
                        + "disputes are open" : "") + ". The remittance advice is on the payouts page.");
        return true;
    }

    private void failed(PayoutStore.Payout payout, String reason) {
        PayoutView view = payout.view();
        if (store.failed(view.payoutId(), reason, clock.instant())) {
            ledger.payoutReturned(payout.organizationId(), view.amountMinor(), "payout:" + view.payoutId()
                    + ":returned");
            log.warn("Payout {} failed for good, its amount returned to the wallet: {}", view.payoutId(), reason);
        }
    }
}
