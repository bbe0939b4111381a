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
 * Posts balanced journal entries. Balances change only by atomic {@code UPDATE ... SET balance = balance + ?}
 * statements, applied in ascending account id order, and a debit that must not overdraw is a conditional
 * update whose affected-row count is checked: MySQL's repeatable read would lose a read-then-write update.
 * Every method joins the caller's transaction, so a posting commits or rolls back with the use case.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class LedgerService {

    private final JdbcClient jdbc;
    private final JdbcTemplate batchTemplate;
    private final Clock clock;

    LedgerService(JdbcClient jdbc, JdbcTemplate batchTemplate, Clock clock) {
        this.jdbc = jdbc;
        this.batchTemplate = batchTemplate;
        this.clock = clock;
    }

    /** Postings collected over a batch and written at its end; see {@link LedgerBatch}. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public LedgerBatch newBatch() {
        return new LedgerBatch(jdbc, batchTemplate);
    }

    /** A batch writing through other connections to the same database, inside the transaction that owns them. */
    @Transactional(propagation = Propagation.SUPPORTS)
    public LedgerBatch newBatch(JdbcClient otherJdbc, JdbcTemplate otherBatch) {
        return new LedgerBatch(otherJdbc, otherBatch);
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

    /** Money from outside into an organization's wallet (a top-up, or the demo's opening balance). */
    public void fund(long organizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("FUNDING", reference, List.of(
                new Line(platformAccount("EXTERNAL:FUNDING"), -amountMinor),
                new Line(account(organizationId, AccountKind.AVAILABLE), amountMinor)));
    }

    /**
     * Moves {@code amountMinor} from available to held if available stays at or above minus the credit limit;
     * returns false and changes nothing otherwise.
     */
    public boolean reserve(long organizationId, long amountMinor, long creditLimitMinor, String reference) {
        if (amountMinor == 0) {
            return true;
        }
        requirePositive(amountMinor);
        String available = account(organizationId, AccountKind.AVAILABLE);
        int updated = jdbc.sql("update ledger_account set balance_minor = balance_minor - ? "
                        + "where code = ? and balance_minor - ? >= ?")
                .params(amountMinor, available, amountMinor, -creditLimitMinor).update();
        if (updated == 0) {
            return false;
        }
        String held = account(organizationId, AccountKind.HELD);
        apply(held, amountMinor);
        insertEntry("HOLD", reference, List.of(new Line(available, -amountMinor), new Line(held, amountMinor)));
        return true;
    }

    /** Returns held money to available (a cancel, an expiry, a lowered bid). */
    public void release(long organizationId, long amountMinor, String reference) {
        if (amountMinor == 0) {
            return;
        }
        requirePositive(amountMinor);
        post("RELEASE", reference, List.of(
                new Line(account(organizationId, AccountKind.HELD), -amountMinor),
                new Line(account(organizationId, AccountKind.AVAILABLE), amountMinor)));
    }

    /**
     * A buyer's fill: the hold taken for the filled quantity leaves HELD; the contract value goes to escrow,
     * the buyer's fee to the platform, and what the hold over-reserved returns to available.
     */
    public void postFill(long buyerOrganizationId, long holdMinor, long valueMinor, long feeMinor, String reference) {
        long refund = holdMinor - valueMinor - feeMinor;
        if (refund < 0) {
            throw new IllegalStateException("a fill cannot cost more than its hold: hold " + holdMinor + ", value "
                    + valueMinor + ", fee " + feeMinor);
        }
        var lines = new ArrayList<Line>();
        lines.add(new Line(account(buyerOrganizationId, AccountKind.HELD), -holdMinor));
        lines.add(new Line(account(buyerOrganizationId, AccountKind.ESCROW), valueMinor));
        if (feeMinor > 0) {
            lines.add(new Line(platformAccount("PLATFORM:FEES"), feeMinor));
        }
        if (refund > 0) {
            lines.add(new Line(account(buyerOrganizationId, AccountKind.AVAILABLE), refund));
        }
        post("FILL", reference, lines);
    }

    /** An adjustment decided on a dispute: money from one organization's available balance to another's. */
    public void adjust(long fromOrganizationId, long toOrganizationId, long amountMinor, String reference) {
        requirePositive(amountMinor);
        post("ADJUST", reference, List.of(new Line(account(fromOrganizationId, AccountKind.AVAILABLE), -amountMinor),
                new Line(account(toOrganizationId, AccountKind.AVAILABLE), amountMinor)));
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

    private static String account(long organizationId, AccountKind kind) {
        return code(organizationId, kind);
    }

    private static String platformAccount(String code) {
        return code;
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
