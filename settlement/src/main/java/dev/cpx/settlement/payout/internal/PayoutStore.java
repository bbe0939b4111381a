package dev.cpx.settlement.payout.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.payout.PayoutAccount;
import dev.cpx.settlement.payout.PayoutRailKind;
import dev.cpx.settlement.payout.PayoutStatus;
import dev.cpx.settlement.payout.PayoutView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of payouts and payout accounts. Every change of state is a conditional update: it happens once. */
@Component
public class PayoutStore {

    private static final String SELECT = "select p.*, o.code from payout p join organization o on o.id = p.organization_id";

    private final JdbcClient jdbc;

    PayoutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A payout with what the service needs beyond its view: whose it is, its destination and key. */
    public record Payout(PayoutView view, long organizationId, long inboxId, String stripeAccountId,
                         String accountHolder, String iban, String bic, String idempotencyKey) {
    }

    public Optional<PayoutAccount> account(long organizationId) {
        return jdbc.sql("select * from payout_account where organization_id = ?").param(organizationId)
                .query((rs, n) -> new PayoutAccount(PayoutRailKind.valueOf(rs.getString("rail")),
                        rs.getString("stripe_account_id"), rs.getString("account_holder"), rs.getString("iban"),
                        rs.getString("bic"), instant(rs, "updated_at"), rs.getString("updated_by")))
                .optional();
    }

    public void saveAccount(long organizationId, PayoutAccount account) {
        Object[] values = {account.rail().name(), account.stripeAccountId(), account.accountHolder(), account.iban(),
                account.bic(), utc(account.updatedAt()), account.updatedBy(), organizationId};
        int updated = jdbc.sql("update payout_account set rail = ?, stripe_account_id = ?, account_holder = ?, "
                + "iban = ?, bic = ?, updated_at = ?, updated_by = ? where organization_id = ?").params(values).update();
        if (updated == 0) {
            jdbc.sql("insert into payout_account (rail, stripe_account_id, account_holder, iban, bic, updated_at, "
                    + "updated_by, organization_id) values (?, ?, ?, ?, ?, ?, ?, ?)").params(values).update();
        }
    }

    /** What the period's earlier payouts of an organization paid or are paying (not refused, not failed). */
    public long paidBefore(long periodId, long organizationId) {
        return jdbc.sql("select coalesce(sum(amount_minor), 0) from payout where period_id = ? and organization_id = ? "
                        + "and status in ('PENDING', 'SENT')")
                .params(periodId, organizationId).query(Long.class).single();
    }

    /** The figures of a new payout, its destination copied from the organization's payout account. */
    public record NewPayout(long periodId, int run, long organizationId, long receivableMinor, long withheldMinor,
                            long paidBeforeMinor, long amountMinor, String currency, PayoutAccount account,
                            String idempotencyKey, String actor, Instant now) {
    }

    public long insert(NewPayout p) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into payout (period_id, run_number, organization_id, receivable_minor, withheld_minor,
                        paid_before_minor, amount_minor, currency, rail, stripe_account_id, account_holder, iban, bic,
                        idempotency_key, debit, status, created_at, created_by, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'WAITING', 'PENDING', ?, ?, ?)""")
                .params(p.periodId(), p.run(), p.organizationId(), p.receivableMinor(), p.withheldMinor(),
                        p.paidBeforeMinor(), p.amountMinor(), p.currency(), p.account().rail().name(),
                        p.account().stripeAccountId(), p.account().accountHolder(), p.account().iban(),
                        p.account().bic(), p.idempotencyKey(), utc(p.now()), p.actor(), utc(p.now()))
                .update(key, "id");
        return key.getKey().longValue();
    }

    public void inbox(long payoutId, long inboxId) {
        jdbc.sql("update payout set inbox_id = ? where id = ?").params(inboxId, payoutId).update();
    }

    public Optional<Payout> byId(long payoutId) {
        return jdbc.sql(SELECT + " where p.id = ?").param(payoutId).query(PayoutStore::row).optional();
    }

    public List<Payout> ofRun(long periodId, int run) {
        return jdbc.sql(SELECT + " where p.period_id = ? and p.run_number = ? order by o.code")
                .params(periodId, run).query(PayoutStore::row).list();
    }

    /** Newest first, of one organization or all ({@code organizationId} null), of one period or all. */
    public List<Payout> list(Long organizationId, Long periodId, int limit) {
        return jdbc.sql(SELECT + " where (:org is null or p.organization_id = :org) "
                        + "and (:period is null or p.period_id = :period) order by p.id desc limit :limit")
                .param("org", organizationId).param("period", periodId).param("limit", limit)
                .query(PayoutStore::row).list();
    }

    /** A payout waiting for its debit whose inbox row the market core applied; debited when its entry exists. */
    public record Applied(long payoutId, boolean debited) {
    }

    public List<Applied> appliedDebits(int limit) {
        return jdbc.sql("""
                        select p.id, (select count(*) from journal_entry e where e.kind = 'PAYOUT'
                          and e.reference = concat('inbox:', p.inbox_id)) from payout p
                        join market_inbox i on i.id = p.inbox_id
                        where p.debit = 'WAITING' and i.applied_sequence is not null order by p.id limit ?""")
                .param(limit).query((rs, n) -> new Applied(rs.getLong(1), rs.getLong(2) > 0)).list();
    }

    public boolean debited(long payoutId, Instant now) {
        return jdbc.sql("update payout set debit = 'DEBITED', updated_at = ? where id = ? and debit = 'WAITING'")
                .params(utc(now), payoutId).update() == 1;
    }

    public boolean refused(long payoutId, String reason, Instant now) {
        return jdbc.sql("update payout set debit = 'NONE', status = 'REFUSED', failure = ?, updated_at = ? "
                        + "where id = ? and debit = 'WAITING'").params(reason, utc(now), payoutId).update() == 1;
    }

    /** Debited payouts of a rail still to send whose claim (if any) lapsed. */
    public List<Payout> due(PayoutRailKind rail, Instant now, int limit) {
        return jdbc.sql(SELECT + " where p.status = 'PENDING' and p.debit = 'DEBITED' and p.rail = ? "
                        + "and (p.claimed_until is null or p.claimed_until < ?) order by p.id limit ?")
                .params(rail.name(), utc(now), limit).query(PayoutStore::row).list();
    }

    /** Takes a payout for one attempt until {@code until}; false when another instance has it. */
    public boolean claim(long payoutId, Instant now, Instant until) {
        return jdbc.sql("update payout set claimed_until = ?, attempts = attempts + 1 where id = ? "
                        + "and status = 'PENDING' and debit = 'DEBITED' and (claimed_until is null or claimed_until < ?)")
                .params(utc(until), payoutId, utc(now)).update() == 1;
    }

    public boolean sent(long payoutId, String transferId, String bankFileId, Instant now) {
        return jdbc.sql("update payout set status = 'SENT', transfer_id = ?, bank_file_id = ?, sent_at = ?, "
                        + "updated_at = ?, failure = null where id = ? and status = 'PENDING' and debit = 'DEBITED'")
                .params(transferId, bankFileId, utc(now), utc(now), payoutId).update() == 1;
    }

    public boolean failed(long payoutId, String reason, Instant now) {
        return jdbc.sql("update payout set status = 'FAILED', failure = ?, updated_at = ? "
                        + "where id = ? and status = 'PENDING' and debit = 'DEBITED'")
                .params(reason, utc(now), payoutId).update() == 1;
    }

    /** An attempt that got no answer: tried again after {@code retryAt}. */
    public void retryLater(long payoutId, String reason, Instant retryAt) {
        jdbc.sql("update payout set claimed_until = ?, failure = ? where id = ? and status = 'PENDING'")
                .params(utc(retryAt), reason, payoutId).update();
    }

    /** The newest bank file of a period, or none. */
    public Optional<String> latestBankFile(long periodId) {
        return jdbc.sql("select bank_file_id from payout where period_id = ? and bank_file_id is not null "
                        + "order by sent_at desc, bank_file_id desc limit 1")
                .param(periodId).query(String.class).optional();
    }

    public List<Payout> ofBankFile(String bankFileId) {
        return jdbc.sql(SELECT + " where p.bank_file_id = ? order by p.id").param(bankFileId)
                .query(PayoutStore::row).list();
    }

    /** The open disputes of a period on contracts an organization provides, with what each withholds. */
    public record OpenDispute(long disputeId, long contractId, long withheldMinor) {
    }

    public List<OpenDispute> openDisputes(long periodId, long providerId) {
        return jdbc.sql("""
                        select t.id, t.contract_id, t.withheld_minor from dispute t join contract c on c.id = t.contract_id
                        where t.period_id = ? and t.status = 'OPEN' and c.provider_org_id = ? and t.withheld_minor > 0
                        order by t.id""")
                .params(periodId, providerId)
                .query((rs, n) -> new OpenDispute(rs.getLong(1), rs.getLong(2), rs.getLong(3))).list();
    }

    private static Payout row(ResultSet rs, int n) throws SQLException {
        var view = new PayoutView(rs.getLong("id"), rs.getLong("period_id"), rs.getInt("run_number"),
                rs.getString("code"), rs.getLong("receivable_minor"), rs.getLong("withheld_minor"),
                rs.getLong("paid_before_minor"), rs.getLong("amount_minor"), rs.getString("currency"),
                PayoutRailKind.valueOf(rs.getString("rail")), PayoutStatus.valueOf(rs.getString("status")),
                "DEBITED".equals(rs.getString("debit")), rs.getString("transfer_id"), rs.getString("bank_file_id"),
                rs.getString("failure"), instant(rs, "created_at"),
                instant(rs, "sent_at"));
        return new Payout(view, rs.getLong("organization_id"), rs.getLong("inbox_id"),
                rs.getString("stripe_account_id"), rs.getString("account_holder"), rs.getString("iban"),
                rs.getString("bic"), rs.getString("idempotency_key"));
    }
}
