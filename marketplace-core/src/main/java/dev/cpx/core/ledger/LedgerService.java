package dev.cpx.core.ledger;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import dev.cpx.core.identity.OrganizationCreated;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts balanced journal entries outside the market. Balances change only by atomic
 * {@code UPDATE ... SET balance = balance + ?} statements in account-code order: MySQL's repeatable read would lose
 * a read-then-write update. Wallets (available and held money) belong to the market core: money for them goes
 * through {@link MarketInbox}. Every method joins the caller's transaction, so a posting commits or rolls back with
 * the use case.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class LedgerService {

    private final JdbcClient jdbc;
    private final JdbcTemplate batchTemplate;
    private final Clock clock;
    private final MarketInbox inbox;

    LedgerService(JdbcClient jdbc, JdbcTemplate batchTemplate, Clock clock, MarketInbox inbox) {
        this.jdbc = jdbc;
        this.batchTemplate = batchTemplate;
        this.clock = clock;
        this.inbox = inbox;
    }

    /** Postings collected over a batch and written at its end; see {@link LedgerBatch}. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public LedgerBatch newBatch() {
        return new LedgerBatch(jdbc, batchTemplate, inbox);
    }

    /** One line of an entry: an amount for an account (by code), positive or negative. */
    private record Line(String account, long amountMinor) {
    }

    @EventListener
    void on(OrganizationCreated created) {
        openAccounts(created.organizationId());
    }

    /** Opens the accounts of an organization; idempotent. */
    public void openAccounts(long organizationId) {
        for (AccountKind kind : List.of(AccountKind.AVAILABLE, AccountKind.HELD, AccountKind.ESCROW)) {
            String code = code(organizationId, kind);
            if (jdbc.sql("select count(*) from ledger_account where code = ?").param(code).query(Long.class).single() == 0) {
                jdbc.sql("insert into ledger_account (code, organization_id, kind, balance_minor, created_at) "
                                + "values (?, ?, ?, 0, ?)")
                        .params(code, organizationId, kind.name(), utc(clock.instant())).update();
            }
        }
    }

    /**
     * Money from outside into an organization's wallet (a top-up, or the demo's opening balance): it enters in
     * transit, and the market core, which owns wallets, moves it to the wallet through its inbox.
     */
    public void fund(long organizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("FUNDING", reference, List.of(
                new Line(AccountCodes.FUNDING, -amountMinor),
                new Line(AccountCodes.IN_TRANSIT, amountMinor)));
        inbox.credit(List.of(new MarketInbox.Credit(organizationId, amountMinor, reference)), clock.instant());
    }

    /**
     * Funded money going back out (a refunded top-up, or one its card holder disputed): out of the wallet through the
     * market core's inbox, which may take it below zero (then it is owed), and back to where funding came from.
     */
    public void reverseFunding(long organizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("FUNDING-REVERSED", reference, List.of(
                new Line(AccountCodes.IN_TRANSIT, -amountMinor),
                new Line(AccountCodes.FUNDING, amountMinor)));
        inbox.credit(List.of(new MarketInbox.Credit(organizationId, -amountMinor, reference)), clock.instant());
    }

    /**
     * An adjustment decided on a dispute: money from one organization's wallet to another's, both through the
     * market core's inbox (the debit may take the payer below zero: it is owed, not a trade).
     */
    public void adjust(long fromOrganizationId, long toOrganizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        inbox.credit(List.of(new MarketInbox.Credit(fromOrganizationId, -amountMinor, reference + ":from"),
                new MarketInbox.Credit(toOrganizationId, amountMinor, reference + ":to")), clock.instant());
    }

    /** A payout the rail confirmed sent: out of the payouts in transit to the outside world. */
    public void payoutSent(long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("PAYOUT-SENT", reference, List.of(
                new Line(AccountCodes.PAYOUTS_IN_TRANSIT, -amountMinor),
                new Line(AccountCodes.PAYOUTS, amountMinor)));
    }

    /** A payout the rail refused for good: back from the payouts in transit into the wallet, through the inbox. */
    public void payoutReturned(long organizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("PAYOUT-RETURNED", reference, List.of(
                new Line(AccountCodes.PAYOUTS_IN_TRANSIT, -amountMinor),
                new Line(AccountCodes.IN_TRANSIT, amountMinor)));
        inbox.credit(List.of(new MarketInbox.Credit(organizationId, amountMinor, reference)), clock.instant());
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public AccountBalances balances(long organizationId) {
        Map<String, Long> byKind = new java.util.HashMap<>();
        jdbc.sql("select kind, balance_minor from ledger_account where organization_id = ?")
                .param(organizationId)
                .query((rs, n) -> byKind.put(rs.getString(1), rs.getLong(2)))
                .list();
        return new AccountBalances(byKind.getOrDefault("AVAILABLE", 0L), byKind.getOrDefault("HELD", 0L),
                byKind.getOrDefault("ESCROW", 0L));
    }

    /** Most movements one page shows. */
    public static final int MAX_MOVEMENTS = 1_000;

    /**
     * The movements of an organization's available balance in {@code [from, to)} (null: unbounded), newest first,
     * each with the balance right after it: the current balance less everything posted since.
     */
    @Transactional(readOnly = true)
    public List<WalletMovement> movements(long organizationId, Instant from, Instant to, int limit) {
        String window = (from == null ? "" : " and e.created_at >= :from") + (to == null ? "" : " and e.created_at < :to");
        var spec = jdbc.sql("select e.id, e.created_at, e.kind, e.reference, sum(l.amount_minor) from journal_line l "
                        + "join journal_entry e on e.id = l.entry_id join ledger_account a on a.id = l.account_id "
                        + "where a.organization_id = :org and a.kind = 'AVAILABLE'" + window
                        + " group by e.id, e.created_at, e.kind, e.reference order by e.id desc limit :limit")
                .param("org", organizationId).param("limit", Math.clamp(limit, 1, MAX_MOVEMENTS));
        if (from != null) {
            spec = spec.param("from", dev.cpx.core.time.UtcColumns.utc(from));
        }
        if (to != null) {
            spec = spec.param("to", dev.cpx.core.time.UtcColumns.utc(to));
        }
        List<Object[]> rows = spec.query((rs, n) -> new Object[] {rs.getLong(1),
                dev.cpx.core.time.UtcColumns.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getLong(5)}).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        long balance = balances(organizationId).availableMinor() - jdbc.sql("select coalesce(sum(l.amount_minor), 0) "
                        + "from journal_line l join ledger_account a on a.id = l.account_id where a.organization_id = ? "
                        + "and a.kind = 'AVAILABLE' and l.entry_id > ?")
                .params(organizationId, rows.getFirst()[0]).query(Long.class).single();
        var movements = new java.util.ArrayList<WalletMovement>(rows.size());
        for (Object[] row : rows) {
            movements.add(new WalletMovement((Long) row[0], (Instant) row[1], (String) row[2], (String) row[3],
                    (Long) row[4], balance));
            balance -= (Long) row[4];
        }
        return movements;
    }

    /** The sum of every journal line; zero unless the ledger is broken. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public long journalSum() {
        return jdbc.sql("select coalesce(sum(amount_minor), 0) from journal_line").query(Long.class).single();
    }

    /** The sum of every account balance; zero unless a balance moved without a journal entry. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public long balanceSum() {
        return jdbc.sql("select coalesce(sum(balance_minor), 0) from ledger_account").query(Long.class).single();
    }

    private void post(String kind, String reference, List<Line> lines) {
        // One lock order for every posting (by account code) keeps concurrent postings from deadlocking.
        List<Line> ordered = lines.stream().sorted(Comparator.comparing(Line::account)).toList();
        for (Line line : ordered) {
            apply(line.account(), line.amountMinor());
        }
        insertEntry(kind, reference, ordered);
    }

    private void apply(String account, long amountMinor) {
        int updated = jdbc.sql("update ledger_account set balance_minor = balance_minor + ? where code = ?")
                .params(amountMinor, account).update();
        if (updated != 1) {
            throw new IllegalStateException("ledger account " + account + " is not open");
        }
    }

    private void insertEntry(String kind, String reference, List<Line> lines) {
        long sum = lines.stream().mapToLong(Line::amountMinor).sum();
        if (sum != 0) {
            throw new IllegalStateException("journal entry " + kind + " " + reference + " does not balance: " + sum);
        }
        var key = new GeneratedKeyHolder();
        jdbc.sql("insert into journal_entry (kind, reference, created_at) values (?, ?, ?)")
                .params(kind, reference, utc(clock.instant())).update(key, "id");
        long entryId = key.getKey().longValue();
        for (Line line : lines) {
            jdbc.sql("insert into journal_line (entry_id, account_id, amount_minor) "
                            + "select ?, id, ? from ledger_account where code = ?")
                    .params(entryId, line.amountMinor(), line.account()).update();
        }
    }

    static String code(long organizationId, AccountKind kind) {
        return AccountCodes.of(organizationId, kind);
    }

    private static void requirePositive(long amountMinor) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("amount must be positive, got " + amountMinor);
        }
    }
}
