package dev.cpx.core.ledger;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Postings of one settlement close, written together at its end: balance changes summed per account and applied
 * in one statement per account in account-code order, journal entries and lines inserted in JDBC batches, and
 * the wallet credits handed to the market core through its inbox. Must be flushed inside the transaction that
 * made the postings.
 */
public final class LedgerBatch {

    private record Line(String account, long amountMinor) {
    }

    private record Entry(String kind, String reference, List<Line> lines) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Map<String, Long> deltas = new TreeMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<MarketInbox.Credit> inbox = new ArrayList<>();
    private final MarketInbox marketInbox;

    LedgerBatch(JdbcClient jdbc, JdbcTemplate batch, MarketInbox marketInbox) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.marketInbox = marketInbox;
    }

    /**
     * Collects what a buyer prepaid for a period's contracts (their value, kept in its escrow since it traded) into
     * the clearing account, from which the close pays everyone what the period's netting owes them.
     */
    public void collectIntoClearing(long organizationId, long escrowMinor, String reference) {
        requireNotNegative(escrowMinor, reference);
        if (escrowMinor != 0) {
            post("CLEARING-IN", reference, List.of(
                    new Line(LedgerService.code(organizationId, AccountKind.ESCROW), -escrowMinor),
                    new Line(AccountCodes.CLEARING, escrowMinor)));
        }
    }

    /**
     * Pays an organization what a close owes it out of the clearing account. Wallets belong to the market core:
     * the money goes in transit, and the core moves it on through its inbox.
     */
    public void payFromClearing(long organizationId, long amountMinor, String reference) {
        requireNotNegative(amountMinor, reference);
        if (amountMinor != 0) {
            post("CLEARING-OUT", reference, List.of(
                    new Line(AccountCodes.CLEARING, -amountMinor),
                    new Line(AccountCodes.IN_TRANSIT, amountMinor)));
            inbox.add(new MarketInbox.Credit(organizationId, amountMinor, reference));
        }
    }

    /** Pays the platform its fees of a close out of the clearing account. */
    public void feesFromClearing(long amountMinor, String reference) {
        requireNotNegative(amountMinor, reference);
        if (amountMinor != 0) {
            post("CLEARING-FEES", reference, List.of(
                    new Line(AccountCodes.CLEARING, -amountMinor),
                    new Line(AccountCodes.FEES, amountMinor)));
        }
    }

    /** What the batch moved in or out of an account so far (positive: into it). */
    public long change(String accountCode) {
        return deltas.getOrDefault(accountCode, 0L);
    }

    private static void requireNotNegative(long amountMinor, String reference) {
        if (amountMinor < 0) {
            throw new IllegalStateException("a clearing posting of " + reference + " cannot be negative: "
                    + amountMinor);
        }
    }

    private void post(String kind, String reference, List<Line> lines) {
        long sum = lines.stream().mapToLong(Line::amountMinor).sum();
        if (sum != 0) {
            throw new IllegalStateException("journal entry " + kind + " " + reference + " does not balance: " + sum);
        }
        lines.forEach(line -> deltas.merge(line.account(), line.amountMinor(), Long::sum));
        entries.add(new Entry(kind, reference, lines));
    }

    /** Writes everything recorded so far; the batch is empty afterwards. */
    public void flush(Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        applyDeltas();
        insertEntries(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        marketInbox.credit(inbox, now);
        deltas.clear();
        entries.clear();
        inbox.clear();
    }

    private void applyDeltas() {
        var rows = new ArrayList<Object[]>();
        deltas.forEach((account, delta) -> {
            if (delta != 0) {
                rows.add(new Object[] {delta, account});
            }
        });
        int[] counts = batch.batchUpdate("update ledger_account set balance_minor = balance_minor + ? where code = ?",
                rows);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new IllegalStateException("ledger account " + rows.get(i)[1] + " is not open");
            }
        }
    }

    private void insertEntries(LocalDateTime at) {
        var keys = new GeneratedKeyHolder();
        batch.batchUpdate(connection -> connection.prepareStatement(
                        "insert into journal_entry (kind, reference, created_at) values (?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS),
                new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws java.sql.SQLException {
                        statement.setString(1, entries.get(i).kind());
                        statement.setString(2, entries.get(i).reference());
                        statement.setObject(3, at);
                    }

                    @Override
                    public int getBatchSize() {
                        return entries.size();
                    }
                }, keys);
        var ids = keys.getKeyList();
        if (ids.size() != entries.size()) {
            throw new IllegalStateException("expected " + entries.size() + " journal entry ids, got " + ids.size());
        }
        Map<String, Long> accounts = accountIds();
        var lines = new ArrayList<Object[]>();
        for (int i = 0; i < entries.size(); i++) {
            long entryId = ((Number) ids.get(i).values().iterator().next()).longValue();
            for (Line line : entries.get(i).lines()) {
                lines.add(new Object[] {entryId, accounts.get(line.account()), line.amountMinor()});
            }
        }
        // Plain VALUES rows, so the driver sends the whole batch as one multi-row insert.
        batch.batchUpdate("insert into journal_line (entry_id, account_id, amount_minor) values (?, ?, ?)", lines);
    }

    /** Ids of every account the batch touches, in one query. */
    private Map<String, Long> accountIds() {
        var codes = new java.util.TreeSet<String>();
        entries.forEach(entry -> entry.lines().forEach(line -> codes.add(line.account())));
        var ids = new java.util.HashMap<String, Long>();
        jdbc.sql("select code, id from ledger_account where code in (:codes)").param("codes", codes)
                .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2))).list();
        if (ids.size() != codes.size()) {
            codes.removeAll(ids.keySet());
            throw new IllegalStateException("ledger accounts not open: " + codes);
        }
        return ids;
    }
}
