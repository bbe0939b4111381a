package dev.cpx.settlement.alerts.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.alerts.AlertDelivery;
import dev.cpx.settlement.alerts.AlertSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Alert settings and the delivery log; every state change is a conditional update, safe on many instances. */
@Component
public class AlertStore {

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery due to be sent. */
    public record Due(long id, long organizationId, String channel, String target, String subject, String body,
                      int attempts, String secret) {
    }

    public Optional<AlertSettings> settings(long organizationId) {
        return jdbc.sql("select email, webhook_url, webhook_secret, low_balance_minor, daily_spend_minor "
                        + "from alert_settings where organization_id = ?")
                .param(organizationId)
                .query((rs, n) -> new AlertSettings(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Long.class), rs.getObject(5, Long.class)))
                .optional();
    }

    public void save(long organizationId, AlertSettings settings, Instant now) {
        jdbc.sql("insert into alert_settings (organization_id, email, webhook_url, webhook_secret, low_balance_minor, "
                        + "daily_spend_minor, updated_at) values (?, ?, ?, ?, ?, ?, ?) on duplicate key update "
                        + "email = values(email), webhook_url = values(webhook_url), "
                        + "webhook_secret = values(webhook_secret), low_balance_minor = values(low_balance_minor), "
                        + "daily_spend_minor = values(daily_spend_minor), updated_at = values(updated_at)")
                .params(organizationId, settings.email(), settings.webhookUrl(), settings.webhookSecret(),
                        settings.lowBalanceMinor(), settings.dailySpendMinor(), utc(now)).update();
    }

    /** Organizations with a low-balance threshold, their available balance, and whether they were told already. */
    public record LowBalance(long organizationId, long thresholdMinor, long availableMinor, boolean alerted) {
    }

    public List<LowBalance> lowBalanceWatch() {
        return jdbc.sql("select s.organization_id, s.low_balance_minor, a.balance_minor, s.low_balance_alerted "
                        + "from alert_settings s join ledger_account a on a.organization_id = s.organization_id "
                        + "and a.kind = 'AVAILABLE' where s.low_balance_minor is not null")
                .query((rs, n) -> new LowBalance(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)))
                .list();
    }

    /** Flips the low-balance flag; true only for the caller that flipped it (one alert per crossing). */
    public boolean lowBalanceAlerted(long organizationId, boolean alerted) {
        return jdbc.sql("update alert_settings set low_balance_alerted = ? where organization_id = ? "
                        + "and low_balance_alerted = ?")
                .params(alerted, organizationId, !alerted).update() == 1;
    }

    public record Watched(long organizationId, Long dailySpendMinor) {
    }

    public List<Watched> dailySpendWatch() {
        return jdbc.sql("select organization_id, daily_spend_minor from alert_settings "
                        + "where daily_spend_minor is not null")
                .query((rs, n) -> new Watched(rs.getLong(1), rs.getLong(2))).list();
    }

    /** Closed periods' statements of organizations that want alerts: period, organization, SLA credits. */
    public record ClosedStatement(long periodId, long organizationId, long slaCreditsMinor, long netMinor) {
    }

    public List<ClosedStatement> closedStatements(Instant since) {
        return jdbc.sql("select s.period_id, s.organization_id, s.sla_credits_minor, s.net_minor from statement s "
                        + "join settlement_period p on p.id = s.period_id join alert_settings a "
                        + "on a.organization_id = s.organization_id where p.status = 'CLOSED' and p.closed_at >= ?")
                .param(utc(since))
                .query((rs, n) -> new ClosedStatement(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** Queues one delivery; false when one with this key exists (the alert was queued before). */
    public boolean enqueue(long organizationId, String kind, String dedupeKey, String channel, String target,
                           String subject, String body, Instant now) {
        try {
            jdbc.sql("insert into alert_delivery (organization_id, kind, dedupe_key, channel, target, subject, body, "
                            + "status, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")
                    .params(organizationId, kind, dedupeKey, channel, target, subject, body, utc(now), utc(now))
                    .update();
            return true;
        } catch (DuplicateKeyException queuedBefore) {
            return false;
        }
    }

    public List<Due> due(Instant now, int limit) {
        return jdbc.sql("select d.id, d.organization_id, d.channel, d.target, d.subject, d.body, d.attempts, "
                        + "s.webhook_secret from alert_delivery d left join alert_settings s "
                        + "on s.organization_id = d.organization_id where d.status = 'PENDING' "
                        + "and d.next_attempt_at <= ? order by d.next_attempt_at, d.id limit ?")
                .params(utc(now), limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)))
                .list();
    }

    /** Takes a due delivery for one attempt, pushing its next attempt past {@code until}; true for one instance. */
    public boolean claim(Due due, Instant until) {
        return jdbc.sql("update alert_delivery set attempts = attempts + 1, next_attempt_at = ? where id = ? "
                        + "and status = 'PENDING' and attempts = ?")
                .params(utc(until), due.id(), due.attempts()).update() == 1;
    }

    public void sent(long id, Instant now) {
        jdbc.sql("update alert_delivery set status = 'SENT', sent_at = ?, last_error = null where id = ?")
                .params(utc(now), id).update();
    }

    public void failedAttempt(long id, String error, Instant retryAt, boolean giveUp) {
        jdbc.sql("update alert_delivery set status = ?, last_error = ?, next_attempt_at = ? where id = ?")
                .params(giveUp ? "FAILED" : "PENDING", error.length() > 500 ? error.substring(0, 500) : error,
                        utc(retryAt), id).update();
    }

    public List<AlertDelivery> log(long organizationId, int limit) {
        return jdbc.sql("select id, kind, channel, target, subject, status, attempts, last_error, created_at, sent_at "
                        + "from alert_delivery where organization_id = ? order by id desc limit ?")
                .params(organizationId, limit).query(AlertStore::delivery).list();
    }

    private static AlertDelivery delivery(ResultSet rs, int n) throws SQLException {
        return new AlertDelivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), instant(rs, 9),
                rs.getObject(10) == null ? null : instant(rs, 10));
    }
}
