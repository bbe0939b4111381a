package dev.cpx.core.market.internal;

import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.core.engine.Side;
import dev.cpx.core.market.core.JournalBatch;
import dev.cpx.core.market.core.OrderSnapshot;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one journal batch in one transaction, with a constant number of statements whatever the batch holds:
 * the lease check first (fencing), then one multi-row statement per table (two for orders: new ones inserted,
 * changed ones updated). Ids come from the core, so nothing
 * is read back except the journal entries' keys.
 */
final class JournalWriter {

    /** Another instance took the market over: this batch was not written and this instance must stop. */
    static final class FencedException extends RuntimeException {
        FencedException(long epoch) {
            super("the market lease moved on from epoch " + epoch + "; this instance no longer owns the market");
        }
    }

    private static final List<String> ORDER_COLUMNS = List.of("id", "organization_id", "client_order_id",
            "request_sha256", "instrument_id", "side", "order_type", "time_in_force", "price_ticks", "quantity",
            "remaining_quantity", "filled_quantity", "filled_value_ticks", "cancelled_quantity", "status",
            "hold_price_ticks", "hold_minor", "priority", "amendments", "cancel_reason", "project", "created_at",
            "updated_at");
    private static final String SPEND_LIMIT_UPSERT = "on duplicate key update per_order_minor = "
            + "values(per_order_minor), per_day_minor = values(per_day_minor), updated_at = values(updated_at)";
    private static final String ORDER_UPSERT = "on duplicate key update price_ticks = values(price_ticks), "
            + "remaining_quantity = values(remaining_quantity), filled_quantity = values(filled_quantity), "
            + "filled_value_ticks = values(filled_value_ticks), cancelled_quantity = values(cancelled_quantity), "
            + "status = values(status), hold_price_ticks = values(hold_price_ticks), hold_minor = values(hold_minor), "
            + "priority = values(priority), amendments = values(amendments), cancel_reason = values(cancel_reason), "
            + "updated_at = values(updated_at)";

    private final JdbcTemplate jdbc;
    private final JdbcClient client;
    private final TransactionTemplate transactions;
    private final MarketLease lease;
    private final CommandCodec codec;
    private final long leaseMillis;
    private final Map<String, Long> accountIds = new ConcurrentHashMap<>();

    JournalWriter(JdbcTemplate jdbc, JdbcClient client, TransactionTemplate transactions, MarketLease lease,
                  CommandCodec codec, long leaseMillis) {
        this.jdbc = jdbc;
        this.client = client;
        this.transactions = transactions;
        this.lease = lease;
        this.codec = codec;
        this.leaseMillis = leaseMillis;
    }

    /** Commits the batch under {@code epoch}, or throws: {@link FencedException} when the lease moved on. */
    void write(JournalBatch batch, long epoch, long nowMillis) {
        transactions.executeWithoutResult(status -> {
            if (!lease.renew(epoch, batch.nextSequence(), nowMillis, leaseMillis)) {
                throw new FencedException(epoch);
            }
            if (batch.isEmpty()) {
                return;
            }
            insertCommands(batch.commands(), epoch);
            // New orders are plain inserts, so a client order id the database already holds fails the batch loudly
            // instead of the upsert silently rewriting the other order.
            MultiRowInsert.insert(jdbc, "market_order", ORDER_COLUMNS, "", batch.placedOrders(),
                    order -> orderRow(order, nowMillis));
            MultiRowInsert.insert(jdbc, "market_order", ORDER_COLUMNS, ORDER_UPSERT, batch.changedOrders(),
                    order -> orderRow(order, nowMillis));
            MultiRowInsert.insert(jdbc, "trade", List.of("id", "instrument_id", "buy_order_id", "sell_order_id",
                    "buyer_org_id", "seller_org_id", "price_ticks", "quantity", "aggressor_side", "executed_at"),
                    "", batch.trades(), t -> new Object[] {t.id(), t.instrumentId(), t.buyOrderId(), t.sellOrderId(),
                            t.buyerOrganizationId(), t.sellerOrganizationId(), t.priceTicks(), t.quantity(),
                            t.aggressor().name(), at(t.atMillis())});
            MultiRowInsert.insert(jdbc, "contract", List.of("id", "trade_id", "instrument_id", "buyer_org_id",
                    "provider_org_id", "quantity", "price_ticks", "value_minor", "buyer_fee_minor", "delivery_start",
                    "delivery_end", "created_at", "buyer_project", "provider_project"), "", batch.contracts(),
                    c -> new Object[] {c.id(), c.tradeId(), c.instrument().id(), c.buyerOrganizationId(),
                    c.providerOrganizationId(), c.quantity(), c.priceTicks(), c.valueMinor(), c.buyerFeeMinor(),
                    at(c.instrument().deliveryStartMillis()), at(c.instrument().deliveryEndMillis()), at(c.atMillis()),
                    c.buyerProject(), c.providerProject()});
            insertLedger(batch.entries());
            applyBalances(batch.balanceDeltas());
            markInboxApplied(batch.inbox());
            MultiRowInsert.insert(jdbc, "spend_limit", List.of("organization_id", "per_order_minor", "per_day_minor",
                    "updated_at"), SPEND_LIMIT_UPSERT, batch.spendLimits(), l -> new Object[] {l.organizationId(),
                    l.perOrderMinor(), l.perDayMinor(), at(l.atMillis())});
            writeHalts(batch.halts());
        });
    }

    /** Every halt the batch touched: its row goes, and comes back if the halt is still in force. */
    private void writeHalts(List<JournalBatch.HaltRow> halts) {
        if (halts.isEmpty()) {
            return;
        }
        jdbc.update("delete from market_halt where halt_key in ("
                + String.join(", ", java.util.Collections.nCopies(halts.size(), "?")) + ")",
                halts.stream().map(JournalBatch.HaltRow::key).toArray());
        MultiRowInsert.insert(jdbc, "market_halt", List.of("halt_key", "instrument_id", "compute_class", "reason",
                "halted_by", "halted_at"), "", halts.stream().filter(JournalBatch.HaltRow::active).toList(),
                h -> new Object[] {h.key(), h.instrumentId(), h.computeClass(), h.reason(), h.haltedBy(),
                        at(h.atMillis())});
    }

    private void insertCommands(List<JournalBatch.ExecutedCommand> commands, long epoch) {
        MultiRowInsert.insert(jdbc, "market_command", List.of("sequence", "epoch", "executed_at", "kind", "body",
                "outcome"), "", commands, c -> new Object[] {c.sequence(), epoch, at(c.atMillis()),
                codec.kind(c.command()), codec.body(c.command()),
                truncate(c.outcome(), 255)});
    }

    private static Object[] orderRow(OrderSnapshot o, long nowMillis) {
        return new Object[] {o.id(), o.organizationId(), o.clientOrderId(), o.fingerprint(), o.instrument().id(),
                o.side().name(), o.type().name(), o.timeInForce().name(), o.priceTicks(), o.quantity(), o.remaining(),
                o.filled(), o.filledValueTicks(), o.cancelled(), o.status().name(),
                o.side() == Side.BUY ? o.holdPriceTicks() : null, o.holdMinor(), o.priority(), o.amendments(),
                o.cancelReason(), o.project(), at(o.createdAtMillis()), at(nowMillis)};
    }

    /** Journal entries in one statement, their generated ids in row order, then all their lines in one. */
    private void insertLedger(List<JournalBatch.LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        var sql = new StringBuilder("insert into journal_entry (kind, reference, created_at) values ");
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql.toString(), Statement.RETURN_GENERATED_KEYS);
            int p = 1;
            for (JournalBatch.LedgerEntry entry : entries) {
                statement.setString(p++, entry.kind());
                statement.setString(p++, entry.reference());
                statement.setObject(p++, at(entry.atMillis()));
            }
            return statement;
        }, keys);
        List<Map<String, Object>> ids = keys.getKeyList();
        if (ids.size() != entries.size()) {
            throw new IllegalStateException("expected " + entries.size() + " journal entry ids, got " + ids.size());
        }
        var lines = new ArrayList<Object[]>();
        for (int i = 0; i < entries.size(); i++) {
            long entryId = ((Number) ids.get(i).values().iterator().next()).longValue();
            for (JournalBatch.LedgerLine line : entries.get(i).lines()) {
                lines.add(new Object[] {entryId, accountId(line.account()), line.amountMinor()});
            }
        }
        MultiRowInsert.insert(jdbc, "journal_line", List.of("entry_id", "account_id", "amount_minor"), "", lines,
                row -> row);
    }

    /** Every balance change of the batch in one statement, accounts in code order. */
    private void applyBalances(Map<String, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        // Each branch adds to the BIGINT column: a bare "then ?" next to "else 0" lets H2 type the parameters as
        // INTEGER, and a delta beyond 2^31 minor units (21,474,836.47) was refused as out of range.
        var sql = new StringBuilder("update ledger_account set balance_minor = case code");
        var args = new ArrayList<Object>();
        deltas.forEach((code, delta) -> {
            sql.append(" when ? then balance_minor + ?");
            args.add(code);
            args.add(delta);
        });
        sql.append(" else balance_minor end where code in (");
        sql.append(String.join(", ", java.util.Collections.nCopies(deltas.size(), "?"))).append(')');
        args.addAll(deltas.keySet());
        int updated = jdbc.update(sql.toString(), args.toArray());
        if (updated != deltas.size()) {
            throw new IllegalStateException("ledger accounts not open among " + deltas.keySet());
        }
    }

    private void markInboxApplied(List<JournalBatch.AppliedInbox> applied) {
        if (applied.isEmpty()) {
            return;
        }
        var sql = new StringBuilder("update market_inbox set applied_sequence = case id");
        var args = new ArrayList<Object>();
        for (JournalBatch.AppliedInbox row : applied) {
            sql.append(" when ? then ?");
            args.add(row.inboxId());
            args.add(row.sequence());
        }
        sql.append(" end where applied_sequence is null and id in (");
        sql.append(String.join(", ", java.util.Collections.nCopies(applied.size(), "?"))).append(')');
        applied.forEach(row -> args.add(row.inboxId()));
        int updated = jdbc.update(sql.toString(), args.toArray());
        if (updated != applied.size()) {
            throw new IllegalStateException("inbox rows applied twice among " + applied);
        }
    }

    private long accountId(String code) {
        Long id = accountIds.get(code);
        if (id == null) {
            id = client.sql("select id from ledger_account where code = ?").param(code).query(Long.class).optional()
                    .orElseThrow(() -> new IllegalStateException("ledger account " + code + " is not open"));
            accountIds.put(code, id);
        }
        return id;
    }

    private static LocalDateTime at(long millis) {
        return utc(Instant.ofEpochMilli(millis));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
