package dev.cpx.core.market.internal;

import dev.cpx.core.ledger.MarketInbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Money or capacity just committed elsewhere reaches the market core at once, not at its next poll. */
@Component
class MarketInboxListener {

    private final MarketOwner market;

    MarketInboxListener(MarketOwner market) {
        this.market = market;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(MarketInbox.Written written) {
        market.applyInboxNow();
    }
}
