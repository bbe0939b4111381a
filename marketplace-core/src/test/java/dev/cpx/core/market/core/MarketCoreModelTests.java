package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderBook;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.ChangeCapacity;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.CoreCommand.OpenAccount;
import dev.cpx.core.market.core.JournalBatch.ContractRow;
import dev.cpx.core.market.core.JournalBatch.LedgerEntry;
import dev.cpx.core.market.core.JournalBatch.LedgerLine;
import dev.cpx.core.market.core.JournalBatch.TradeRow;
import dev.cpx.core.market.core.ReferenceMarket.Answer;
import dev.cpx.core.problem.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random command streams ({@link MarketStream}) through the market core and through {@link ReferenceMarket}:
 * every command must get the same answer from both, touch the same orders with the same result, make the same
 * trades and contracts, and move the same money; the core's invariants and the conservation of money and
 * quantities must hold after every command. A failure names its seed and command; rerun that seed alone to debug
 * it. After the full run, every rule must have refused something, so the comparison cannot pass vacuously.
 */
class MarketCoreModelTests {

    private static final int SEQUENCES = 500;
    private static final int COMMANDS_PER_SEQUENCE = 200;
    private static final Map<String, Integer> SEEN = new TreeMap<>();
    private static int sequencesRun;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEQUENCES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void coreAgreesWithTheReferenceMarketAndConservesMoney(long seed) {
        Run run = new Run(new MarketStream(seed));
        for (int i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
            try {
                run.step();
            } catch (AssertionError | RuntimeException broken) {
                throw new AssertionError("seed " + seed + ", command " + i + " at " + run.timed.atMillis() + " ("
                        + run.timed.command() + "): " + broken.getMessage(), broken);
            }
        }
        sequencesRun++;
        run.seen.forEach((name, count) -> SEEN.merge(name, count, Integer::sum));
        run.model.events().forEach((name, count) -> SEEN.merge(name, count, Integer::sum));
    }

    @AfterAll
    static void everyRuleWasReached() {
        if (sequencesRun < SEQUENCES) {
            return; // a seed run alone says nothing about what the whole run reaches
        }
        System.out.println("Outcomes over " + sequencesRun + " streams of " + COMMANDS_PER_SEQUENCE + " commands: " + SEEN);
        for (ErrorCode code : List.of(ErrorCode.INSUFFICIENT_FUNDS, ErrorCode.NO_CAPACITY, ErrorCode.OPEN_ORDER_LIMIT,
                ErrorCode.RATE_LIMITED, ErrorCode.IDEMPOTENCY_CONFLICT, ErrorCode.MARKET_CLOSED,
                ErrorCode.LIMIT_EXCEEDED, ErrorCode.QUANTITY_INCREASE, ErrorCode.INVALID_QUANTITY,
                ErrorCode.INVALID_PRICE, ErrorCode.NOT_FOUND, ErrorCode.SPEND_LIMIT, ErrorCode.VALIDATION_FAILED,
                ErrorCode.MARKET_HALTED, ErrorCode.CONFLICT)) {
            assertThat(SEEN).as("refusals").containsKey("refused " + code.code());
        }
        assertThat(SEEN).containsKeys("refused price-band (band)", "refused price-band (span)", "replay",
                "client order id used before", "not live", "self-trade prevented", "fill-or-kill not fillable",
                "expired order", "a full book took an order that filled at once", "trade over 4 hours",
                "created FILLED", "created PARTIALLY_FILLED", "created NEW", "created CANCELLED",
                "negative credit", "capacity taken out", "spend limit per order", "spend limit per day",
                "applied SetSpendLimits", "applied SetCreditLimit", "applied ChangeLiveCapacity", "applied Halt", "applied Resume",
                "ask cancelled for lost capacity", "applied Payout", "payout refused");
    }

    /** One stream through the core and the model, with the journal's view of the balances. */
    private static final class Run {

        final MarketStream stream;
        final MarketCore core;
        final ReferenceMarket model;
        final Map<String, Long> journalBalances = new TreeMap<>();
        final Map<Long, Long> contractOfTrade = new HashMap<>();
        final Map<String, Integer> seen = new TreeMap<>();
        long openedMinor;
        long creditedMinor;
        long paidOutMinor;
        long lastSequence;
        MarketStream.Timed timed;

        Run(MarketStream stream) {
            this.stream = stream;
            this.core = stream.newCore();
            this.model = stream.newModel();
            for (long organizationId : stream.loadedOrganizations()) {
                journalBalances.put(AccountCodes.available(organizationId), model.availableMinor(organizationId));
            }
        }

        void step() {
            timed = stream.next(core, model);
            CoreCommand command = timed.command();
            if (command instanceof OpenAccount open && !core.knowsAccount(open.organizationId())) {
                // The ledger already holds an account opened later: its money enters the market with it.
                journalBalances.merge(AccountCodes.available(open.organizationId()), open.availableMinor(), Long::sum);
                openedMinor += open.availableMinor();
            }
            if (command instanceof Credit credit) {
                creditedMinor += credit.amountMinor();
            }
            CoreResult result = core.execute(command, timed.atMillis());
            if (command instanceof CoreCommand.Payout payout && result instanceof CoreResult.Applied) {
                paidOutMinor += payout.amountMinor();
            }
            JournalBatch batch = core.takeBatch();
            long createdId = result instanceof CoreResult.OrderAnswer answer && answer.created() ? answer.order().id() : 0;
            Answer expected = model.execute(command, timed.atMillis(), createdId);
            assertThat(Answer.of(result)).as("answer").isEqualTo(expected);
            core.validateInternalState();
            checkBatch(command, result, batch);
            if (result instanceof CoreResult.OrderAnswer answer) {
                assertSameOrder(answer.order(), "the answer");
            }
            checkBooks();
            checkMoney();
            count(command, result, batch);
        }

        private void checkBatch(CoreCommand command, CoreResult result, JournalBatch batch) {
            assertThat(batch.commands()).hasSize(1);
            JournalBatch.ExecutedCommand executed = batch.commands().getFirst();
            assertThat(executed.command()).isSameAs(command);
            assertThat(executed.atMillis()).isEqualTo(timed.atMillis());
            assertThat(executed.outcome()).isEqualTo(result.outcome());
            assertThat(executed.sequence()).as("sequence").isGreaterThan(lastSequence);
            assertThat(batch.nextSequence()).isEqualTo(core.nextSequence()).isGreaterThan(executed.sequence());
            lastSequence = executed.sequence();
            checkTrades(batch);
            assertThat(batch.orders()).as("orders the command touched")
                    .extracting(OrderSnapshot::id)
                    .containsExactlyInAnyOrderElementsOf(model.touched().stream().map(order -> order.id).toList());
            batch.orders().forEach(snapshot -> assertSameOrder(snapshot, "the journal"));
            if (result instanceof CoreResult.OrderAnswer answer && answer.created()) {
                assertThat(batch.orders().getFirst().id()).as("a new order before the trades that name it")
                        .isEqualTo(answer.order().id());
            }
            for (LedgerEntry entry : batch.entries()) {
                assertThat(entry.lines().stream().mapToLong(LedgerLine::amountMinor).sum())
                        .as("lines of %s %s", entry.kind(), entry.reference()).isZero();
            }
            if (result instanceof CoreResult.Refused) {
                assertThat(batch.entries()).as("a refusal moves no money").isEmpty();
            }
            if (command instanceof Credit credit) {
                assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(credit.inboxId(), executed.sequence()));
            } else if (command instanceof CoreCommand.Payout payout) {
                assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(payout.inboxId(), executed.sequence()));
            } else if (command instanceof ChangeCapacity change) {
                assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(change.inboxId(), executed.sequence()));
            } else if (command instanceof CoreCommand.ChangeLiveCapacity change) {
                assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(change.inboxId(), executed.sequence()));
            } else if (command instanceof CoreCommand.SetCreditLimit limit) {
                // Refused or not, the inbox row is done with: a wrong limit must not come back on every poll.
                assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(limit.inboxId(), executed.sequence()));
            } else {
                assertThat(batch.inbox()).isEmpty();
            }
            if (command instanceof CoreCommand.Halt && result instanceof CoreResult.Applied) {
                assertThat(batch.halts()).as("the halt's row").singleElement()
                        .matches(JournalBatch.HaltRow::active);
            } else if (command instanceof CoreCommand.Resume && result instanceof CoreResult.Applied) {
                assertThat(batch.halts()).as("the lifted halt's row").singleElement()
                        .matches(row -> !row.active());
            } else if (!(command instanceof CoreCommand.Expire)) {
                assertThat(batch.halts()).as("halts a command left alone").isEmpty();
            }
            batch.balanceDeltas().forEach((account, delta) -> journalBalances.merge(account, delta, Long::sum));
        }

        private void checkTrades(JournalBatch batch) {
            List<ReferenceMarket.Trade> expected = model.commandTrades();
            assertThat(batch.trades()).as("trades").hasSameSizeAs(expected);
            assertThat(batch.contracts()).as("contracts").hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                ReferenceMarket.Trade want = expected.get(i);
                TradeRow trade = batch.trades().get(i);
                ContractRow contract = batch.contracts().get(i);
                assertThat(trade).as("trade %d", i).isEqualTo(new TradeRow(trade.id(), want.instrument().id(),
                        want.buyOrderId(), want.sellOrderId(), want.buyerId(), want.sellerId(), want.priceTicks(),
                        want.quantity(), want.aggressor(), timed.atMillis()));
                assertThat(contract).as("contract %d", i).isEqualTo(new ContractRow(contract.id(), trade.id(),
                        want.instrument(), want.buyerId(), want.sellerId(), want.quantity(), want.priceTicks(),
                        want.valueMinor(), want.feeMinor(), timed.atMillis(), want.buyerProject(), want.sellerProject()));
                assertThat(contractOfTrade.put(trade.id(), contract.id())).as("trade id %d again", trade.id()).isNull();
            }
        }

        private void assertSameOrder(OrderSnapshot snapshot, String where) {
            ReferenceMarket.Order want = model.order(snapshot.id());
            assertThat(snapshot.quantity()).as("quantity of %d in %s", snapshot.id(), where)
                    .isEqualTo(snapshot.filled() + snapshot.remaining() + snapshot.cancelled());
            assertThat(want.quantity).isEqualTo(want.filled + want.remaining + want.cancelled);
            assertThat(View.of(snapshot)).as("order %d in %s", snapshot.id(), where).isEqualTo(View.of(want));
            for (OrderSnapshot.Fill fill : snapshot.fills()) {
                assertThat(contractOfTrade.get(fill.tradeId())).as("contract of trade %d", fill.tradeId())
                        .isEqualTo(fill.contractId());
            }
        }

        private void checkBooks() {
            for (CoreInstrument instrument : stream.instruments) {
                Optional<OrderBook> book = core.book(instrument.id());
                for (Side side : Side.values()) {
                    assertThat(book.map(b -> b.restingOrders(side)).orElse(List.of()))
                            .as("%s %s side", instrument.symbol(), side)
                            .isEqualTo(model.restingOrders(instrument.id(), side));
                }
            }
            assertThat(core.restingOrderCount()).isEqualTo(model.orders().stream().filter(o -> o.resting).count());
        }

        /**
         * The journal's balances against the model's, and money conserved: what the accounts hold (available and
         * held), escrow and fees add up to the money loaded plus what came in since.
         */
        private void checkMoney() {
            long total = journalBalances.getOrDefault(AccountCodes.FEES, 0L);
            for (long organizationId : model.organizations()) {
                long available = journalBalances.getOrDefault(AccountCodes.available(organizationId), 0L);
                long held = journalBalances.getOrDefault(AccountCodes.held(organizationId), 0L);
                long escrow = journalBalances.getOrDefault(AccountCodes.escrow(organizationId), 0L);
                assertThat(held).as("held of %d", organizationId).isNotNegative()
                        .isEqualTo(model.heldMinor(organizationId));
                assertThat(available).as("available of %d", organizationId).isEqualTo(model.availableMinor(organizationId));
                assertThat(escrow).as("escrow of %d", organizationId).isEqualTo(model.escrowMinor(organizationId));
                total += available + held + escrow;
            }
            assertThat(journalBalances.getOrDefault(AccountCodes.FEES, 0L)).as("fees").isEqualTo(model.feesMinor());
            assertThat(total).as("money in the market")
                    .isEqualTo(stream.loadedMoneyMinor() + openedMinor + creditedMinor - paidOutMinor)
                    .isEqualTo(stream.loadedMoneyMinor() + model.inflowMinor());
            assertThat(journalBalances.getOrDefault(AccountCodes.IN_TRANSIT, 0L)).as("in transit")
                    .isEqualTo(-creditedMinor);
            assertThat(journalBalances.getOrDefault(AccountCodes.PAYOUTS_IN_TRANSIT, 0L)).as("payouts in transit")
                    .isEqualTo(paidOutMinor);
        }

        private void count(CoreCommand command, CoreResult result, JournalBatch batch) {
            String name = switch (result) {
                case CoreResult.Refused refused when refused.code() == ErrorCode.PRICE_BAND ->
                        "refused price-band (" + (refused.detail().contains("spread") ? "span" : "band") + ")";
                case CoreResult.Refused refused -> "refused " + refused.code().code();
                case CoreResult.OrderAnswer answer when answer.created() -> "created " + answer.order().status();
                case CoreResult.OrderAnswer answer -> "order " + answer.order().status();
                case CoreResult.Replay replay -> "replay";
                case CoreResult.ClientOrderIdUsedBefore used -> "client order id used before";
                case CoreResult.NotLive notLive -> "not live";
                case CoreResult.Applied applied -> "applied " + command.getClass().getSimpleName();
                case CoreResult.BlockAnswer block -> "block";
            };
            seen.merge(name, 1, Integer::sum);
            seen.merge("trades", batch.trades().size(), Integer::sum);
            if (batch.contracts().stream().anyMatch(contract -> contract.instrument().hours() == 4)) {
                seen.merge("trade over 4 hours", 1, Integer::sum);
            }
            if (command instanceof Credit credit && credit.amountMinor() < 0) {
                seen.merge("negative credit", 1, Integer::sum);
            }
            if (command instanceof ChangeCapacity change && change.gpus() < 0) {
                seen.merge("capacity taken out", 1, Integer::sum);
            }
        }
    }

    /** What the core and the model must agree on for an order. */
    private record View(long id, long organizationId, String clientOrderId, String fingerprint, long instrumentId,
                        Side side, OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity,
                        long remaining, long filled, long filledValueTicks, long cancelled, OrderStatus status,
                        long holdPriceTicks, long holdMinor, int amendments, List<ReferenceMarket.Fill> fills,
                        String cancelReason) {

        static View of(OrderSnapshot o) {
            return new View(o.id(), o.organizationId(), o.clientOrderId(), o.fingerprint(), o.instrument().id(),
                    o.side(), o.type(), o.timeInForce(), o.priceTicks(), o.quantity(), o.remaining(), o.filled(),
                    o.filledValueTicks(), o.cancelled(), o.status(), o.holdPriceTicks(), o.holdMinor(), o.amendments(),
                    o.fills().stream().map(f -> new ReferenceMarket.Fill(f.priceTicks(), f.quantity())).toList(),
                    o.cancelReason());
        }

        static View of(ReferenceMarket.Order o) {
            return new View(o.id, o.organizationId, o.clientOrderId, o.fingerprint, o.instrument.id(), o.side, o.type,
                    o.timeInForce, o.priceTicks, o.quantity, o.remaining, o.filled, o.filledValueTicks, o.cancelled,
                    o.status, o.holdPriceTicks, o.holdMinor, o.amendments, List.copyOf(o.fills), o.cancelReason);
        }
    }
}
