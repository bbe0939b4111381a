package dev.cpx.core.ledger;

import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.identity.CreditLimitChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands the market core what other parts of the platform decided about wallets, capacity and credit limits: rows
 * written in the deciding transaction, applied by the core exactly once. The core is the only writer of the balances,
 * limits and capacity it checks orders against, so nothing else changes them directly. After the transaction commits
 * the market is asked to apply the rows at once (it also polls).
 */
@Component
public class MarketInbox {

    /** Money into (positive) or out of (negative) an organization's wallet. */
    public record Credit(long organizationId, long amountMinor, String reference) {
    }

    /** Published when inbox rows were written; the market applies them after the transaction commits. */
    public record Written(int rows) {
    }

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MarketInbox(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public void credit(List<Credit> credits, Instant now) {
        if (credits.isEmpty()) {
            return;
        }
        var rows = new ArrayList<Object[]>(credits.size());
        for (Credit credit : credits) {
            rows.add(new Object[] {"CREDIT", credit.organizationId(), credit.amountMinor(), null, null, 0L,
                    credit.reference(), utc(now)});
        }
        insert(rows);
    }

    /**
     * Money to pay out of an organization's wallet: the core moves it to the payouts in transit, or refuses it
     * whole when the available balance is short. Returns the inbox row's id, by which the outcome is found.
     */
    public long payout(long organizationId, long amountMinor, String reference, Instant now) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("insert into market_inbox (kind, organization_id, "
                    + "amount_minor, gpus, reference, created_at) values ('PAYOUT', ?, ?, 0, ?, ?)", new String[] {"id"});
            statement.setLong(1, organizationId);
            statement.setLong(2, amountMinor);
            statement.setString(3, reference);
            statement.setObject(4, utc(now));
            return statement;
        }, key);
        events.publishEvent(new Written(1));
        return key.getKey().longValue();
    }

    /** GPUs of a class in a region registered (positive) or taken out of service (negative). */
    public void capacity(long organizationId, String computeClass, String region, long gpus, String reference,
                         Instant now) {
        insert(List.<Object[]>of(new Object[] {"CAPACITY", organizationId, 0L, computeClass, region, gpus, reference,
                utc(now)}));
    }

    /** GPUs of a class in a region that stopped being live (negative) or came back (positive). */
    public void liveness(long organizationId, String computeClass, String region, long gpus, String reference,
                         Instant now) {
        insert(List.<Object[]>of(new Object[] {"LIVE", organizationId, 0L, computeClass, region, gpus, reference,
                utc(now)}));
    }

    /**
     * A credit limit set by an administrator, in the changing transaction: the core takes it from its next command on
     * (the organization's row already holds it for a rebuild), and the journal audit replays from the limit it replaced.
     */
    @EventListener
    void on(CreditLimitChanged changed) {
        jdbc.update("insert into market_inbox (kind, organization_id, amount_minor, previous_minor, gpus, reference, "
                        + "created_at) values ('CREDIT_LIMIT', ?, ?, ?, 0, ?, ?)", changed.organizationId(),
                changed.creditLimitMinor(), changed.previousMinor(), "credit-limit:" + changed.code(),
                utc(clock.instant()));
        events.publishEvent(new Written(1));
    }

    private void insert(List<Object[]> rows) {
        jdbc.batchUpdate("insert into market_inbox (kind, organization_id, amount_minor, compute_class, region, gpus, "
                + "reference, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        events.publishEvent(new Written(rows.size()));
    }
}
