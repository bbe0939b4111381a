package dev.cpx.settlement.alerts;

import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.money.Money;
import dev.cpx.settlement.alerts.internal.AlertSenders;
import dev.cpx.settlement.alerts.internal.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notices what deserves an alert and delivers it. Every instance may run it: an alert is queued once per channel
 * (a unique key per alert), a low-balance crossing is taken by one conditional update, and each attempt at a
 * delivery is claimed by one. A failed delivery is tried again after 30 s, 1, 2, 4 and 8 minutes, then marked FAILED.
 */
@Component
public class AlertJob {

    static final int MAX_ATTEMPTS = 6;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    /** Closed periods looked back at: an instance that was down for a while still tells about them. */
    private static final Duration CLOSED_LOOKBACK = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(AlertJob.class);

    private final AlertStore store;
    private final AlertSenders senders;
    private final MarketQueries market;
    private final Clock clock;
    private final AlertService alerts;

    AlertJob(AlertStore store, AlertSenders senders, MarketQueries market, Clock clock, AlertService alerts) {
        this.alerts = alerts;
        this.store = store;
        this.senders = senders;
        this.market = market;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT15S", initialDelayString = "PT15S")
    public void run() {
        try {
            notice();
            deliver();
        } catch (RuntimeException e) {
            log.warn("Alerts postponed: {}", e.toString());
        }
    }

    /** Queues the alerts that the current state calls for. */
    public void notice() {
        Instant now = clock.instant();
        for (var watch : store.lowBalanceWatch()) {
            boolean low = watch.availableMinor() < watch.thresholdMinor();
            if (low && !watch.alerted() && store.lowBalanceAlerted(watch.organizationId(), true)) {
                queue(watch.organizationId(), "low-balance", "low-balance:" + watch.organizationId() + ":"
                        + now.toEpochMilli(), "Low balance: " + Money.format(watch.availableMinor()) + " available",
                        "Available " + Money.format(watch.availableMinor()) + " is below your alert threshold of "
                                + Money.format(watch.thresholdMinor()) + ". Top up to keep bidding.", now);
            } else if (!low && watch.alerted()) {
                store.lowBalanceAlerted(watch.organizationId(), false);
            }
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (var watch : store.dailySpendWatch()) {
            long spent = market.spending(watch.organizationId()).spentTodayMinor();
            if (spent > watch.dailySpendMinor()) {
                queue(watch.organizationId(), "daily-spend", "daily-spend:" + watch.organizationId() + ":" + today,
                        "Spend today " + Money.format(spent) + " is over " + Money.format(watch.dailySpendMinor()),
                        "Your organization spent " + Money.format(spent) + " on compute today (UTC, fees included), "
                                + "over your alert threshold of " + Money.format(watch.dailySpendMinor()) + ".", now);
            }
        }
        for (var statement : store.closedStatements(now.minus(CLOSED_LOOKBACK))) {
            queue(statement.organizationId(), "period-closed", "period-closed:" + statement.periodId() + ":"
                    + statement.organizationId(), "Settlement period " + statement.periodId() + " closed",
                    "Settlement period " + statement.periodId() + " is closed; your statement's net is "
                            + Money.format(statement.netMinor()) + ". Reports are on the finance pages.", now);
            if (statement.slaCreditsMinor() != 0) {
                queue(statement.organizationId(), "sla-credits", "sla-credits:" + statement.periodId() + ":"
                        + statement.organizationId(), "SLA credits in period " + statement.periodId(),
                        "SLA credits of " + Money.format(statement.slaCreditsMinor()) + " were issued on your "
                                + "statement of period " + statement.periodId() + ".", now);
            }
        }
    }

    /** Sends what is due, each attempt claimed by one instance. */
    public void deliver() {
        Instant now = clock.instant();
        for (var due : store.due(now, 50)) {
            if (!store.claim(due, now.plus(Duration.ofMinutes(2)))) {
                continue;
            }
            try {
                senders.send(due);
                store.sent(due.id(), clock.instant());
            } catch (RuntimeException failure) {
                int attempt = due.attempts() + 1;
                boolean giveUp = attempt >= MAX_ATTEMPTS;
                Instant retry = clock.instant().plus(FIRST_RETRY.multipliedBy(1L << (attempt - 1)));
                store.failedAttempt(due.id(), failure.getMessage() == null ? failure.toString() : failure.getMessage(),
                        retry, giveUp);
                log.info("Alert {} over {} failed (attempt {}): {}{}", due.id(), due.channel(), attempt,
                        failure.getMessage(), giveUp ? "; giving up" : "");
            }
        }
    }

    private void queue(long organizationId, String kind, String key, String subject, String body, Instant now) {
        alerts.raise(organizationId, kind, key, subject, body);
    }
}
