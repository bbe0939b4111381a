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
 * Postings of one market batch, written together at its end: balance changes summed per account and applied
 * in one statement per account in account-code order, journal entries and lines inserted in JDBC batches. Only
 * a hold's debit of available money happens at once, as a conditional update, because it decides whether the
 * order may exist. Must be flushed inside the transaction that made the postings.
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

    LedgerBatch(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Reserves money for a bid if available stays at or above minus the organization's credit limit; false
     * and nothing recorded otherwise.
     */
    public boolean reserve(long organizationId, long amountMinor, String reference) {
        if (amountMinor == 0) {
            return true;
        }
        String available = LedgerService.code(organizationId, AccountKind.AVAILABLE);
        int updated = jdbc.sql("update ledger_account set balance_minor = balance_minor - ? where code = ? "
                        + "and balance_minor - ? >= -(select credit_limit_minor from organization where id = ?)")
                .params(amountMinor, available, amountMinor, organizationId).update();
        if (updated == 0) {
            return false;
        }
        String held = LedgerService.code(organizationId, AccountKind.HELD);
        deltas.merge(held, amountMinor, Long::sum);
        entries.add(new Entry("HOLD", reference, List.of(new Line(available, -amountMinor), new Line(held, amountMinor))));
        return true;
    }

    public void release(long organizationId, long amountMinor, String reference) {
        if (amountMinor == 0) {
            return;
        }
        post("RELEASE", reference, List.of(
                new Line(LedgerService.code(organizationId, AccountKind.HELD), -amountMinor),
                new Line(LedgerService.code(organizationId, AccountKind.AVAILABLE), amountMinor)));
    }

    /** A buyer's fill; see {@link LedgerService#postFill}. */
    public void postFill(long buyerOrganizationId, long holdMinor, long valueMinor, long feeMinor, String reference) {
        long refund = holdMinor - valueMinor - feeMinor;
        if (refund < 0) {
            throw new IllegalStateException("a fill cannot cost more than its hold: hold " + holdMinor + ", value "
                    + valueMinor + ", fee " + feeMinor);
        }
        var lines = new ArrayList<Line>();
        lines.add(new Line(LedgerService.code(buyerOrganizationId, AccountKind.HELD), -holdMinor));
        lines.add(new Line(LedgerService.code(buyerOrganizationId, AccountKind.ESCROW), valueMinor));
        if (feeMinor > 0) {
            lines.add(new Line("PLATFORM:FEES", feeMinor));
        }
        if (refund > 0) {
            lines.add(new Line(LedgerService.code(buyerOrganizationId, AccountKind.AVAILABLE), refund));
        }
        post("FILL", reference, lines);
    }

    /**
     * Settles a delivered contract: the buyer's escrow of the contract value pays the provider the rated value
     * less its fee, the platform the fee, and returns the SLA credit to the buyer.
     */
    public void settleContract(long buyerOrganizationId, long providerOrganizationId, long valueMinor,
                               long ratedValueMinor, long slaCreditMinor, long providerFeeMinor, String reference) {
        if (ratedValueMinor + slaCreditMinor != valueMinor || providerFeeMinor > ratedValueMinor) {
            throw new IllegalStateException("settlement of " + reference + " does not add up: value " + valueMinor
                    + ", rated " + ratedValueMinor + ", credit " + slaCreditMinor + ", fee " + providerFeeMinor);
        }
        var lines = new ArrayList<Line>();
        lines.add(new Line(LedgerService.code(buyerOrganizationId, AccountKind.ESCROW), -valueMinor));
        if (ratedValueMinor - providerFeeMinor != 0) {
            lines.add(new Line(LedgerService.code(providerOrganizationId, AccountKind.AVAILABLE),
                    ratedValueMinor - providerFeeMinor));
        }
        if (providerFeeMinor != 0) {
            lines.add(new Line("PLATFORM:FEES", providerFeeMinor));
        }
        if (slaCreditMinor != 0) {
            lines.add(new Line(LedgerService.code(buyerOrganizationId, AccountKind.AVAILABLE), slaCreditMinor));
        }
        if (valueMinor != 0) {
            post("SETTLE", reference, lines);
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
        deltas.clear();
        entries.clear();
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
