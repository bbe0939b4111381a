package dev.cpx.core.market.core;

import dev.cpx.core.engine.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a batch of commands changed, gathered by the core for the journal writer: the commands with their
 * outcomes, each touched order's final state, trades, contracts, ledger entries, balance deltas per account,
 * the inbox rows applied, and the sequence high-water mark. The writer turns each list into one statement.
 */
public final class JournalBatch {

    /** A command as executed, with the sequence number the core gave it. */
    public record ExecutedCommand(long sequence, long atMillis, CoreCommand command, String outcome) {
    }

    public record TradeRow(long id, long instrumentId, long buyOrderId, long sellOrderId, long buyerOrganizationId,
                           long sellerOrganizationId, long priceTicks, long quantity, Side aggressor, long atMillis) {
    }

    public record ContractRow(long id, long tradeId, CoreInstrument instrument, long buyerOrganizationId,
                              long providerOrganizationId, long quantity, long priceTicks, long valueMinor,
                              long buyerFeeMinor, long atMillis, String buyerProject, String providerProject) {
    }

    public record LedgerLine(String account, long amountMinor) {
    }

    public record LedgerEntry(String kind, String reference, long atMillis, List<LedgerLine> lines) {
    }

    public record AppliedInbox(long inboxId, long sequence) {
    }

    /** An organization's spend limits as set by the command, null for none. */
    public record SpendLimitsRow(long organizationId, Long perOrderMinor, Long perDayMinor, long atMillis) {
    }

    /**
     * A halt as a command left it: {@code active} false when it was lifted. {@code key} names what is halted,
     * {@code instrument:<id>} or {@code class:<code>}.
     */
    public record HaltRow(String key, Long instrumentId, String computeClass, String reason, String haltedBy,
                          long atMillis, boolean active) {
    }

    private final List<ExecutedCommand> commands = new ArrayList<>();
    private final Map<Long, OrderSnapshot> orders = new LinkedHashMap<>();
    private final Set<Long> placed = new java.util.HashSet<>();
    private final List<TradeRow> trades = new ArrayList<>();
    private final List<ContractRow> contracts = new ArrayList<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final Map<String, Long> balanceDeltas = new TreeMap<>();
    private final List<AppliedInbox> inbox = new ArrayList<>();
    private final Map<Long, SpendLimitsRow> spendLimits = new TreeMap<>();
    private final Map<String, HaltRow> halts = new TreeMap<>();
    private final Set<Long> touchedInstruments = new LinkedHashSet<>();
    private long nextSequence;

    void command(ExecutedCommand command) {
        commands.add(command);
    }

    void order(OrderSnapshot order) {
        orders.put(order.id(), order);
    }

    /** The order was placed in this batch: its row is new. */
    void placed(long orderId) {
        placed.add(orderId);
    }

    void trade(TradeRow trade) {
        trades.add(trade);
    }

    void contract(ContractRow contract) {
        contracts.add(contract);
    }

    void entry(String kind, String reference, long atMillis, List<LedgerLine> lines) {
        long sum = 0;
        for (LedgerLine line : lines) {
            sum += line.amountMinor();
        }
        if (sum != 0) {
            throw new IllegalStateException("journal entry " + kind + " " + reference + " does not balance: " + sum);
        }
        entries.add(new LedgerEntry(kind, reference, atMillis, List.copyOf(lines)));
        for (LedgerLine line : lines) {
            balanceDeltas.merge(line.account(), line.amountMinor(), Long::sum);
        }
    }

    void applied(AppliedInbox row) {
        inbox.add(row);
    }

    void spendLimits(SpendLimitsRow row) {
        spendLimits.put(row.organizationId(), row);
    }

    void halt(HaltRow row) {
        halts.put(row.key(), row);
    }

    void touched(long instrumentId) {
        touchedInstruments.add(instrumentId);
    }

    void nextSequence(long next) {
        nextSequence = next;
    }

    public List<ExecutedCommand> commands() {
        return commands;
    }

    /** Orders in the order they were first touched: a new order before the trades that name it. */
    public List<OrderSnapshot> orders() {
        return List.copyOf(orders.values());
    }

    /** Orders placed in this batch, in their final state: rows to insert. */
    public List<OrderSnapshot> placedOrders() {
        return orders.values().stream().filter(o -> placed.contains(o.id())).toList();
    }

    /** Orders that existed before this batch and changed in it: rows to update. */
    public List<OrderSnapshot> changedOrders() {
        return orders.values().stream().filter(o -> !placed.contains(o.id())).toList();
    }

    public List<TradeRow> trades() {
        return trades;
    }

    public List<ContractRow> contracts() {
        return contracts;
    }

    public List<LedgerEntry> entries() {
        return entries;
    }

    /** Non-zero balance changes per account code, in code order (one lock order for every writer). */
    public Map<String, Long> balanceDeltas() {
        var nonZero = new TreeMap<String, Long>();
        balanceDeltas.forEach((account, delta) -> {
            if (delta != 0) {
                nonZero.put(account, delta);
            }
        });
        return nonZero;
    }

    public List<AppliedInbox> inbox() {
        return inbox;
    }

    /** The last spend limits set per organization in this batch. */
    public List<SpendLimitsRow> spendLimits() {
        return List.copyOf(spendLimits.values());
    }

    /** The last state of every halt a command of this batch set or lifted, by key. */
    public List<HaltRow> halts() {
        return List.copyOf(halts.values());
    }

    public Set<Long> touchedInstruments() {
        return touchedInstruments;
    }

    /** The first sequence number not yet handed out once this batch is committed. */
    public long nextSequence() {
        return nextSequence;
    }

    public boolean isEmpty() {
        return commands.isEmpty();
    }
}
