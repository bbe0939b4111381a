package dev.cpx.settlement.payments.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of top-ups and applied Stripe events. */
@Component
public class TopUpStore {

    private final JdbcClient jdbc;

    TopUpStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored top-up. */
    public record TopUp(long id, long organizationId, String organization, long amountMinor, String currency,
                        String channel, String status, String idempotencyKey, String paymentIntentId,
                        Instant createdAt, Receipt receipt, long refundedMinor, long disputedMinor,
                        String clientKey) {
    }

    /** A bank transfer as platform finance confirmed it: what arrived, the bank's reference, who and when. */
    public record Receipt(long receivedMinor, String reference, String confirmedBy, Instant confirmedAt) {
    }

    public long insert(long organizationId, long amountMinor, String currency, String channel, String status,
                       String idempotencyKey, String clientKey, String actor, Instant now) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into wallet_top_up (organization_id, amount_minor, currency, channel, status, idempotency_key,
                          client_key, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(organizationId, amountMinor, currency, channel, status, idempotencyKey, clientKey, actor,
                        utc(now), utc(now))
                .update(key, "id");
        return key.getKey().longValue();
    }

    private static final String SELECT = """
            select t.id, t.organization_id, o.code, t.amount_minor, t.currency, t.channel, t.status, t.idempotency_key,
                   t.payment_intent_id, t.created_at, t.received_minor, t.received_reference, t.confirmed_by,
                   t.confirmed_at, t.refunded_minor, t.disputed_minor, t.client_key
            from wallet_top_up t join organization o on o.id = t.organization_id""";

    public Optional<TopUp> byId(long id) {
        return jdbc.sql(SELECT + " where t.id = ?").param(id).query(TopUpStore::row).optional();
    }

    public Optional<TopUp> byClientKey(long organizationId, String clientKey) {
        return jdbc.sql(SELECT + " where t.organization_id = ? and t.client_key = ?").params(organizationId, clientKey)
                .query(TopUpStore::row).optional();
    }

    /** Records the PaymentIntent of a top-up that has none yet (its create call's answer was lost); true if set. */
    public boolean adoptIntent(long id, String paymentIntentId, Instant now) {
        return jdbc.sql("update wallet_top_up set payment_intent_id = ?, status = case when status = 'PENDING' then "
                        + "'REQUIRES_PAYMENT' else status end, updated_at = ? where id = ? and payment_intent_id is null")
                .params(paymentIntentId, utc(now), id).update() == 1;
    }

    /** Moves the refunded total from {@code before} to {@code after}; true only for the call that moved it. */
    public boolean refunded(long id, long before, long after, String status, Instant now) {
        return jdbc.sql("update wallet_top_up set refunded_minor = ?, status = ?, updated_at = ? where id = ? "
                        + "and refunded_minor = ?")
                .params(after, status, utc(now), id, before).update() == 1;
    }

    /** Moves the disputed amount from {@code before} to {@code after}; true only for the call that moved it. */
    public boolean disputed(long id, long before, long after, String status, Instant now) {
        return jdbc.sql("update wallet_top_up set disputed_minor = ?, status = ?, updated_at = ? where id = ? "
                        + "and disputed_minor = ?")
                .params(after, status, utc(now), id, before).update() == 1;
    }

    public Optional<TopUp> byPaymentIntent(String paymentIntentId) {
        return jdbc.sql(SELECT + " where t.payment_intent_id = ?").param(paymentIntentId).query(TopUpStore::row)
                .optional();
    }

    public List<TopUp> ofOrganization(Long organizationId, int limit) {
        return jdbc.sql(SELECT + " where (:org is null or t.organization_id = :org) order by t.id desc limit :limit")
                .param("org", organizationId).param("limit", limit).query(TopUpStore::row).list();
    }

    /** Bank transfers not confirmed yet, oldest first: what platform finance looks for in the bank statement. */
    public List<TopUp> awaitingTransfer(int limit) {
        return jdbc.sql(SELECT + " where t.channel = 'BANK' and t.status = 'AWAITING_TRANSFER' order by t.id limit ?")
                .param(limit).query(TopUpStore::row).list();
    }

    /** Top-ups whose Stripe call never got an answer, older than {@code before}: the janitor tries them again. */
    public List<TopUp> unanswered(Instant before, int limit) {
        return jdbc.sql(SELECT + " where t.channel = 'STRIPE' and t.status = 'PENDING' and t.payment_intent_id is null "
                        + "and t.created_at < ? order by t.id limit ?")
                .params(utc(before), limit).query(TopUpStore::row).list();
    }

    public void recordIntent(long id, String paymentIntentId, String status, Instant now) {
        jdbc.sql("update wallet_top_up set payment_intent_id = ?, status = ?, updated_at = ? where id = ?")
                .params(paymentIntentId, status, utc(now), id).update();
    }

    public void recordFailure(long id, String failure, Instant now) {
        jdbc.sql("update wallet_top_up set status = 'FAILED', failure = ?, updated_at = ? where id = ? "
                        + "and status = 'PENDING'")
                .params(failure, utc(now), id).update();
    }

    /** Confirms an awaited bank transfer with what arrived; true only for the call that made the change. */
    public boolean confirmTransfer(long id, Receipt receipt) {
        return jdbc.sql("update wallet_top_up set status = 'SUCCEEDED', received_minor = ?, received_reference = ?, "
                        + "confirmed_by = ?, confirmed_at = ?, updated_at = ? where id = ? and status = 'AWAITING_TRANSFER'")
                .params(receipt.receivedMinor(), receipt.reference(), receipt.confirmedBy(), utc(receipt.confirmedAt()),
                        utc(receipt.confirmedAt()), id).update() == 1;
    }

    /** Moves a top-up to SUCCEEDED from one of the given states; true only for the call that made the change. */
    public boolean succeed(long id, String fromStatus, Instant now) {
        return jdbc.sql("update wallet_top_up set status = 'SUCCEEDED', updated_at = ? where id = ? and status = ?")
                .params(utc(now), id, fromStatus).update() == 1;
    }

    public boolean succeedFromStripe(long id, Instant now) {
        return jdbc.sql("update wallet_top_up set status = 'SUCCEEDED', updated_at = ? where id = ? "
                        + "and status in ('PENDING', 'REQUIRES_PAYMENT')")
                .params(utc(now), id).update() == 1;
    }

    /** A payment that did not happen (failed, canceled): only a top-up still waiting for its payment changes. */
    public void markStatus(long id, String status, Instant now) {
        jdbc.sql("update wallet_top_up set status = ?, updated_at = ? where id = ? "
                        + "and status in ('PENDING', 'REQUIRES_PAYMENT')")
                .params(status, utc(now), id).update();
    }

    public void markDisputeLost(long id, Instant now) {
        jdbc.sql("update wallet_top_up set status = 'DISPUTE_LOST', updated_at = ? where id = ? and status = 'DISPUTED'")
                .params(utc(now), id).update();
    }

    /** Records an event as applied; false when it was applied before. */
    public boolean recordEvent(String eventId, String type, Instant now) {
        try {
            jdbc.sql("insert into stripe_event (id, type, received_at) values (?, ?, ?)")
                    .params(eventId, type, utc(now)).update();
            return true;
        } catch (org.springframework.dao.DuplicateKeyException seen) {
            return false;
        }
    }

    private static TopUp row(ResultSet rs, int n) throws SQLException {
        return new TopUp(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), instant(rs, 10),
                rs.getString(14) == null ? null : new Receipt(rs.getLong(11), rs.getString(12), rs.getString(13),
                        instant(rs, 14)), rs.getLong(15), rs.getLong(16), rs.getString(17));
    }
}
