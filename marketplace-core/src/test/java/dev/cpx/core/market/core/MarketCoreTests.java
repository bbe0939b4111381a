package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.Amend;
import dev.cpx.core.market.core.CoreCommand.Cancel;
import dev.cpx.core.market.core.CoreCommand.ChangeCapacity;
import dev.cpx.core.market.core.CoreCommand.Credit;
import dev.cpx.core.market.core.CoreCommand.Expire;
import dev.cpx.core.market.core.CoreCommand.OpenAccount;
import dev.cpx.core.market.core.CoreCommand.Place;
import dev.cpx.core.market.core.CoreResult.OrderAnswer;
import dev.cpx.core.market.core.CoreResult.Refused;
import dev.cpx.core.problem.ErrorCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The market core's rules one at a time, on a small market: a buyer and two providers. */
class MarketCoreTests {

    private static final long START_MILLIS = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    private static final long BUYER = 1;
    private static final long PROVIDER = 2;
    private static final long OTHER_PROVIDER = 3;
    private static final long CREDIT_BUYER = 4;
    /** A 1% buyer fee, 10 resting orders a book and 3 per organization, a 20% band, 5 order entries a second. */
    private static final CoreRules RULES = new CoreRules(100, 1_000, 10_000_000, 10, 3, 20, 100_000, 5, 5);
    private static final CoreInstrument NINE_O_CLOCK = instrument(1, "H100", "CN-EAST", 9, 1);
    private static final CoreInstrument TEN_O_CLOCK = instrument(2, "H100", "CN-EAST", 10, 1);
    private static final CoreInstrument FOUR_HOURS = instrument(3, "A100", "CN-WEST", 12, 4);

    private MarketCore core;
    private final Map<String, Long> balances = new HashMap<>();
    private JournalBatch batch;
    private long now = START_MILLIS;
    private long millisPerCommand = 1_000;
    private int nextClientOrderId = 1;

    @BeforeEach
    void openMarket() {
        openMarket(RULES);
    }

    // ---- money: holds, fills, credit

    @Test
    void bidIsRefusedWhenFundsAreShort() {
        // 3 GPUs for an hour at 400.00 need 1,200.00 and the 1% fee, 12.00; the buyer has 1,000.00.
        Refused refused = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 40_000L, 3));

        assertThat(refused.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(refused.detail()).contains("needs 1212.00 reserved; available 1000.00 plus credit limit 0.00");
        assertThat(batch.orders()).isEmpty();
        assertThat(batch.entries()).isEmpty();
        assertThat(held(BUYER)).isZero();

        OrderSnapshot smaller = bid(BUYER, NINE_O_CLOCK, 40_000, 2);
        assertThat(smaller.holdMinor()).isEqualTo(80_800);
        assertThat(available(BUYER)).isEqualTo(19_200);
        assertThat(held(BUYER)).isEqualTo(80_800);
    }

    @Test
    void theJournalTellsNewOrdersFromChangedOnes() {
        OrderSnapshot ask = ask(OTHER_PROVIDER, NINE_O_CLOCK, 200, 2);
        assertThat(batch.placedOrders()).extracting(OrderSnapshot::id).containsExactly(ask.id());
        assertThat(batch.changedOrders()).isEmpty();

        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 1);

        assertThat(batch.placedOrders()).extracting(OrderSnapshot::id).containsExactly(bid.id());
        assertThat(batch.changedOrders()).extracting(OrderSnapshot::id).containsExactly(ask.id());
    }

    @Test
    void aRefusedPlacementLeavesNoBookBehind() {
        int books = core.bookCount();

        refused(place(BUYER, TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 40_000L, 3));

        assertThat(core.book(TEN_O_CLOCK.id())).isEmpty();
        assertThat(core.instrument(TEN_O_CLOCK.id())).isEmpty();
        assertThat(core.bookCount()).isEqualTo(books);
    }

    @Test
    void creditLimitLetsABidTakeTheAccountBelowZero() {
        loadAccount(CREDIT_BUYER, 10_000, 50_000);

        OrderSnapshot bid = bid(CREDIT_BUYER, NINE_O_CLOCK, 200, 250);
        Refused refused = refused(place(CREDIT_BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 100));

        assertThat(bid.holdMinor()).isEqualTo(50_500);
        assertThat(available(CREDIT_BUYER)).isEqualTo(-40_500);
        assertThat(refused.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void aNewCreditLimitHoldsFromTheNextBidAndALowerOneKeepsWhatIsHeld() {
        loadAccount(CREDIT_BUYER, 10_000, 0);
        assertThat(refused(place(CREDIT_BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 100))
                .code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);

        assertThat(execute(new CoreCommand.SetCreditLimit(7, CREDIT_BUYER, 50_000))).isEqualTo(new CoreResult.Applied());
        assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(7, batch.commands().getFirst().sequence()));
        assertThat(batch.entries()).as("a limit moves no money").isEmpty();
        OrderSnapshot bid = bid(CREDIT_BUYER, NINE_O_CLOCK, 200, 100);
        assertThat(available(CREDIT_BUYER)).isEqualTo(10_000 - 20_200);

        execute(new CoreCommand.SetCreditLimit(8, CREDIT_BUYER, 5_000));
        Refused lower = refused(place(CREDIT_BUYER, TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1));
        assertThat(lower.detail()).contains("plus credit limit 50.00");
        assertThat(held(CREDIT_BUYER)).as("the bid taken under the old limit stays").isEqualTo(bid.holdMinor());

        Refused negative = refused(execute(new CoreCommand.SetCreditLimit(9, CREDIT_BUYER, -1)));
        assertThat(negative.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(batch.inbox()).as("a refused row is not applied again").hasSize(1);
    }

    @Test
    void aFillMovesTheHoldToEscrowAndFeesForEveryHourAndReturnsWhatTheBetterPriceSaved() {
        ask(PROVIDER, FOUR_HOURS, 150, 2);

        // The hold: 2 GPUs x 4 hours x 1.60 = 12.80, plus 1% (0.128) rounded to 0.13. The fill at 1.50: 12.00 and 0.12.
        OrderSnapshot bid = bid(BUYER, FOUR_HOURS, 160, 2);

        assertThat(bid.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(bid.holdPriceTicks()).isEqualTo(160);
        assertThat(bid.holdMinor()).isZero();
        assertThat(batch.contracts()).singleElement().satisfies(contract -> {
            assertThat(contract.valueMinor()).isEqualTo(1_200);
            assertThat(contract.buyerFeeMinor()).isEqualTo(12);
        });
        assertThat(batch.entries()).extracting(JournalBatch.LedgerEntry::kind).containsExactly("HOLD", "FILL");
        assertThat(batch.entries().get(1).lines()).containsExactly(
                new JournalBatch.LedgerLine(AccountCodes.held(BUYER), -1_293),
                new JournalBatch.LedgerLine(AccountCodes.escrow(BUYER), 1_200),
                new JournalBatch.LedgerLine(AccountCodes.FEES, 12),
                new JournalBatch.LedgerLine(AccountCodes.available(BUYER), 81));
        assertThat(available(BUYER)).isEqualTo(100_000 - 1_212);
        assertThat(held(BUYER)).isZero();
        assertThat(escrow(BUYER)).isEqualTo(1_200);
        assertThat(fees()).isEqualTo(12);
    }

    @Test
    void marketBidHoldsForTheWorstAskItMayReachAndReleasesTheRest() {
        ask(PROVIDER, NINE_O_CLOCK, 200, 2);
        ask(OTHER_PROVIDER, NINE_O_CLOCK, 210, 2);

        OrderSnapshot market = created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.MARKET, TimeInForce.IOC, null, 3));

        assertThat(market.holdPriceTicks()).isEqualTo(210);
        assertThat(batch.entries().getFirst().lines())
                .contains(new JournalBatch.LedgerLine(AccountCodes.held(BUYER), 3 * 210 + 6));
        assertThat(market.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(market.fills()).extracting(OrderSnapshot.Fill::priceTicks, OrderSnapshot.Fill::quantity)
                .containsExactly(tuple(200L, 2L), tuple(210L, 1L));
        assertThat(available(BUYER)).isEqualTo(100_000 - 610 - 6);
        assertThat(held(BUYER)).isZero();

        OrderSnapshot nothingToBuy = created(place(BUYER, TEN_O_CLOCK, Side.BUY, OrderType.MARKET, TimeInForce.IOC, null, 3));
        assertThat(nothingToBuy.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(nothingToBuy.cancelled()).isEqualTo(3);
        assertThat(batch.entries()).isEmpty();
    }

    @Test
    void creditOfTheInboxMovesMoneyFromTransitToAvailable() {
        CoreResult result = execute(new Credit(7, BUYER, 25_000, "top-up"));

        assertThat(result).isEqualTo(new CoreResult.Applied());
        JournalBatch.ExecutedCommand executed = batch.commands().getFirst();
        assertThat(batch.entries()).containsExactly(new JournalBatch.LedgerEntry("CREDIT", "inbox:7",
                executed.atMillis(), List.of(new JournalBatch.LedgerLine(AccountCodes.IN_TRANSIT, -25_000),
                        new JournalBatch.LedgerLine(AccountCodes.available(BUYER), 25_000))));
        assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(7, executed.sequence()));
        assertThat(available(BUYER)).isEqualTo(125_000);
        assertThat(bid(BUYER, NINE_O_CLOCK, 100_000, 1).holdMinor()).isEqualTo(101_000);
    }

    @Test
    void aPayoutLeavesTheWalletWholeForThePayoutsInTransitOrIsRefusedWholeWhenTheAvailableBalanceIsShort() {
        CoreResult refusal = execute(new CoreCommand.Payout(11, BUYER, 100_001, "payout:1"));

        assertThat(refusal).isInstanceOfSatisfying(Refused.class, refused ->
                assertThat(refused.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS));
        assertThat(batch.entries()).as("nothing moved").isEmpty();
        assertThat(batch.inbox()).as("applied all the same, never again").hasSize(1);
        assertThat(available(BUYER)).isEqualTo(100_000);

        execute(new CoreCommand.Payout(12, BUYER, 100_000, "payout:2"));
        JournalBatch.ExecutedCommand executed = batch.commands().getLast();
        assertThat(batch.entries()).containsExactly(new JournalBatch.LedgerEntry("PAYOUT", "inbox:12",
                executed.atMillis(), List.of(new JournalBatch.LedgerLine(AccountCodes.available(BUYER), -100_000),
                        new JournalBatch.LedgerLine(AccountCodes.PAYOUTS_IN_TRANSIT, 100_000))));
        assertThat(available(BUYER)).isZero();
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1L, 1)).code())
                .isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void aNegativeAdjustmentCanLeaveTooLittleForAnyBid() {
        execute(new Credit(8, BUYER, -100_500, "adjustment"));

        assertThat(batch.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo("DEBIT");
            assertThat(entry.lines()).contains(new JournalBatch.LedgerLine(AccountCodes.IN_TRANSIT, 100_500));
        });
        assertThat(available(BUYER)).isEqualTo(-500);
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1L, 1)).code())
                .isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(ask(PROVIDER, NINE_O_CLOCK, 200, 1).status()).as("others trade on").isEqualTo(OrderStatus.NEW);
    }

    @Test
    void creditForAnOrganizationTheCoreHasNotSeenOpensItsAccountAndALaterOpeningIsIgnored() {
        long newcomer = 9;
        assertThat(core.knowsAccount(newcomer)).isFalse();
        assertThat(refused(place(newcomer, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1)).code())
                .isEqualTo(ErrorCode.NOT_FOUND);

        execute(new Credit(1, newcomer, 5_000, "top-up"));
        execute(new OpenAccount(newcomer, 99_999, 0, 0));

        assertThat(core.knowsAccount(newcomer)).isTrue();
        assertThat(refused(place(newcomer, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 25)).code())
                .isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
        assertThat(bid(newcomer, NINE_O_CLOCK, 200, 24).holdMinor()).isEqualTo(4_848);
    }

    // ---- capacity

    @Test
    void askIsRefusedBeyondUnsoldCapacity() {
        ask(PROVIDER, NINE_O_CLOCK, 200, 16);

        Refused refused = refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 205L, 33));

        assertThat(refused.code()).isEqualTo(ErrorCode.NO_CAPACITY);
        assertThat(refused.detail()).contains("only 32 are unsold: 48 registered, 0 bought, 0 sold, 16 offered");
        ask(PROVIDER, NINE_O_CLOCK, 205, 32);
        bid(BUYER, NINE_O_CLOCK, 200, 4);
        assertThat(refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 200L, 1)).detail())
                .contains("only 0 are unsold: 48 registered, 0 bought, 4 sold, 44 offered");
    }

    @Test
    void boughtGpusMayBeResoldOnTheSameInstrumentOnly() {
        ask(PROVIDER, NINE_O_CLOCK, 200, 3);
        bid(BUYER, NINE_O_CLOCK, 200, 3);

        OrderSnapshot resale = ask(BUYER, NINE_O_CLOCK, 210, 3);

        assertThat(resale.status()).isEqualTo(OrderStatus.NEW);
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 210L, 1)).detail())
                .contains("0 registered, 3 bought, 0 sold, 3 offered");
        assertThat(refused(place(BUYER, TEN_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 210L, 1)).code())
                .isEqualTo(ErrorCode.NO_CAPACITY);
    }

    @Test
    void capacityTakenOutOfServiceNoLongerCoversAsks() {
        execute(new ChangeCapacity(5, PROVIDER, "H100", "CN-EAST", -40));

        assertThat(batch.inbox()).containsExactly(new JournalBatch.AppliedInbox(5, batch.commands().getFirst().sequence()));
        assertThat(refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 200L, 9)).code())
                .isEqualTo(ErrorCode.NO_CAPACITY);
        assertThat(ask(PROVIDER, NINE_O_CLOCK, 200, 8).remaining()).isEqualTo(8);
    }

    // ---- price band

    @Test
    void outlierPriceIsRefusedNotOthers() {
        trade(NINE_O_CLOCK, 200);
        trade(NINE_O_CLOCK, 202);

        Refused outlier = refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000_000L, 1));

        assertThat(outlier.code()).isEqualTo(ErrorCode.PRICE_BAND);
        assertThat(outlier.detail()).contains("100000.00 is outside the band 1.62 - 2.42 around the reference price 2.02");
        assertThat(ask(PROVIDER, NINE_O_CLOCK, 205, 1).status()).isEqualTo(OrderStatus.NEW);
        assertThat(ask(OTHER_PROVIDER, NINE_O_CLOCK, 242, 1).status()).isEqualTo(OrderStatus.NEW);
        assertThat(refused(place(OTHER_PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 243L, 1)).code())
                .isEqualTo(ErrorCode.PRICE_BAND);
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000_000L, 1)).code())
                .as("the band comes before the funds").isEqualTo(ErrorCode.PRICE_BAND);
    }

    @Test
    void bandFallsBackToTheLastTradeOfTheClassAndRegion() {
        trade(NINE_O_CLOCK, 200);

        Refused refused = refused(place(PROVIDER, TEN_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000_000L, 1));

        assertThat(refused.detail()).contains("around the reference price 2.00 of " + TEN_O_CLOCK.symbol());
        assertThat(ask(PROVIDER, TEN_O_CLOCK, 210, 1).status()).isEqualTo(OrderStatus.NEW);
        assertThat(ask(PROVIDER, FOUR_HOURS, 900, 1).status()).as("another class has no band yet").isEqualTo(OrderStatus.NEW);
    }

    // ---- open orders, full book, rate

    @Test
    void openOrderLimitRefusesOnlyThatOrganization() {
        OrderSnapshot first = ask(PROVIDER, NINE_O_CLOCK, 200, 1);
        ask(PROVIDER, NINE_O_CLOCK, 201, 1);
        ask(PROVIDER, NINE_O_CLOCK, 202, 1);

        Refused refused = refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 203L, 1));

        assertThat(refused.code()).isEqualTo(ErrorCode.OPEN_ORDER_LIMIT);
        assertThat(refused.detail()).contains("3 open orders in " + NINE_O_CLOCK.symbol());
        assertThat(ask(OTHER_PROVIDER, NINE_O_CLOCK, 203, 1).status()).isEqualTo(OrderStatus.NEW);
        assertThat(ask(PROVIDER, TEN_O_CLOCK, 203, 1).status()).as("another book").isEqualTo(OrderStatus.NEW);
        assertThat(created(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 203L, 1)).status())
                .as("an order that never rests").isEqualTo(OrderStatus.CANCELLED);
        execute(new Cancel(PROVIDER, first.id()));
        assertThat(ask(PROVIDER, NINE_O_CLOCK, 203, 1).status()).isEqualTo(OrderStatus.NEW);
    }

    @Test
    void fullBookStillTakesAnOrderThatFillsAtOnce() {
        openMarket(new CoreRules(100, 1_000, 10_000_000, 3, 3, 20, 100_000, 5, 5));
        ask(PROVIDER, NINE_O_CLOCK, 200, 5);
        ask(PROVIDER, NINE_O_CLOCK, 201, 1);
        ask(OTHER_PROVIDER, NINE_O_CLOCK, 202, 1);

        OrderSnapshot filledAtOnce = bid(BUYER, NINE_O_CLOCK, 200, 2);

        assertThat(filledAtOnce.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(core.book(NINE_O_CLOCK.id()).orElseThrow().restingOrderCount()).isEqualTo(3);
        Refused wouldRest = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 10));
        assertThat(wouldRest.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(wouldRest.detail()).contains("is full (3 resting orders)");
        OrderSnapshot immediate = created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 200L, 10));
        assertThat(immediate.filled()).isEqualTo(3);
        assertThat(immediate.cancelled()).isEqualTo(7);
    }

    @Test
    void rateLimitRefusesTheBurstAndRefillsWithCommandTime() {
        openMarket(new CoreRules(100, 1_000, 10_000_000, 10, 3, 20, 100_000, 2, 3));
        millisPerCommand = 0;
        OrderSnapshot resting = bid(BUYER, NINE_O_CLOCK, 190, 1);
        created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1));
        created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1));

        Refused refused = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1));

        assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(refused(execute(new Amend(BUYER, resting.id(), 191L, null))).code()).as("amends count")
                .isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(ask(PROVIDER, NINE_O_CLOCK, 200, 1).status()).as("another organization").isEqualTo(OrderStatus.NEW);
        now += 499;
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1)).code())
                .isEqualTo(ErrorCode.RATE_LIMITED);
        now += 1;
        created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1));
        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 190L, 1)).code())
                .isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(execute(new Cancel(BUYER, resting.id()))).as("cancels do not count")
                .isInstanceOf(OrderAnswer.class);
    }

    // ---- amend and cancel

    @Test
    void lowerQuantityIsRecordedAsCancelled() {
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 5);
        OrderSnapshot later = bid(BUYER, NINE_O_CLOCK, 200, 1);

        OrderSnapshot amended = amended(new Amend(BUYER, bid.id(), null, 3L));

        assertThat(amended.remaining()).isEqualTo(3);
        assertThat(amended.cancelled()).isEqualTo(2);
        assertThat(amended.filled()).isZero();
        assertThat(amended.status()).isEqualTo(OrderStatus.NEW);
        assertThat(amended.amendments()).isEqualTo(1);
        assertThat(amended.priority()).as("a smaller quantity keeps its time").isEqualTo(bid.priority());
        assertThat(amended.holdMinor()).isEqualTo(606);
        assertThat(batch.entries()).singleElement().extracting(JournalBatch.LedgerEntry::kind).isEqualTo("RELEASE");
        assertThat(held(BUYER)).isEqualTo(606 + 202);
        assertThat(restingBids(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(bid.id(), later.id());
    }

    @Test
    void higherQuantityIsRefused() {
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 5);

        Refused refused = refused(execute(new Amend(BUYER, bid.id(), null, 6L)));

        assertThat(refused.code()).isEqualTo(ErrorCode.QUANTITY_INCREASE);
        assertThat(batch.orders()).isEmpty();
        assertThat(restingBids(NINE_O_CLOCK)).extracting(RestingOrder::remainingQuantity).containsExactly(5L);
    }

    @Test
    void newPriceLosesTimePriority() {
        OrderSnapshot first = ask(PROVIDER, NINE_O_CLOCK, 200, 1);
        OrderSnapshot second = ask(OTHER_PROVIDER, NINE_O_CLOCK, 200, 1);

        amended(new Amend(PROVIDER, first.id(), 201L, null));
        amended(new Amend(PROVIDER, first.id(), 200L, null));

        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(second.id(), first.id());
        bid(BUYER, NINE_O_CLOCK, 200, 1);
        assertThat(batch.trades()).singleElement().extracting(JournalBatch.TradeRow::sellOrderId).isEqualTo(second.id());
    }

    @Test
    void newPriceThatCrossesTradesAtOnceAtTheRestingPrice() {
        bid(BUYER, NINE_O_CLOCK, 190, 2);
        OrderSnapshot ask = ask(PROVIDER, NINE_O_CLOCK, 200, 3);

        OrderSnapshot amended = amended(new Amend(PROVIDER, ask.id(), 185L, null));

        assertThat(batch.trades()).singleElement().satisfies(trade -> {
            assertThat(trade.priceTicks()).isEqualTo(190);
            assertThat(trade.quantity()).isEqualTo(2);
            assertThat(trade.aggressor()).isEqualTo(Side.SELL);
        });
        assertThat(amended.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::priceTicks, RestingOrder::remainingQuantity)
                .containsExactly(tuple(185L, 1L));
    }

    @Test
    void cancelOfAnotherOrganizationsOrderFindsNothing() {
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 1);

        assertThat(execute(new Cancel(PROVIDER, bid.id()))).isEqualTo(new CoreResult.NotLive(bid.id()));
        assertThat(execute(new Cancel(BUYER, bid.id()))).isInstanceOfSatisfying(OrderAnswer.class,
                answer -> assertThat(answer.order().status()).isEqualTo(OrderStatus.CANCELLED));
        assertThat(execute(new Cancel(BUYER, bid.id()))).as("already final").isEqualTo(new CoreResult.NotLive(bid.id()));
        assertThat(held(BUYER)).isZero();
    }

    // ---- matching rules the core passes on

    @Test
    void selfTradeCancelsTheIncomingRemainderAndLeavesTheRestingOrder() {
        ask(OTHER_PROVIDER, NINE_O_CLOCK, 199, 2);
        OrderSnapshot own = ask(PROVIDER, NINE_O_CLOCK, 200, 2);

        OrderSnapshot bid = bid(PROVIDER, NINE_O_CLOCK, 205, 5);

        assertThat(bid.filled()).isEqualTo(2);
        assertThat(bid.cancelled()).isEqualTo(3);
        assertThat(bid.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(bid.cancelReason()).isEqualTo(MarketCore.SELF_TRADE);
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(own.id());
        assertThat(held(PROVIDER)).isZero();
    }

    @Test
    void fillOrKillThatCannotFillWholeTradesNothing() {
        ask(PROVIDER, NINE_O_CLOCK, 200, 2);

        OrderSnapshot killed = created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 200L, 3));

        assertThat(killed.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(killed.filled()).isZero();
        assertThat(batch.trades()).isEmpty();
        assertThat(batch.entries()).extracting(JournalBatch.LedgerEntry::kind).containsExactly("HOLD", "RELEASE");
        assertThat(available(BUYER)).isEqualTo(100_000);
        assertThat(created(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, 200L, 2)).status())
                .isEqualTo(OrderStatus.FILLED);
    }

    // ---- client order ids

    @Test
    void sameClientOrderIdAndTermsReplaysTheOrder() {
        Place place = place(BUYER, "order-1", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 200L, 1);
        OrderSnapshot order = created(execute(place));

        assertThat(execute(place)).isEqualTo(new CoreResult.Replay(order.id()));
        assertThat(batch.orders()).isEmpty();
        assertThat(batch.entries()).isEmpty();
    }

    @Test
    void repeatedClientOrderIdOnAnotherInstrumentIsRefusedAlone() {
        Place first = place(BUYER, "order-1", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1);
        Place sameIdElsewhere = place(BUYER, "order-1", TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1);
        Place next = place(BUYER, "order-2", TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1);

        OrderSnapshot placed = created(core.execute(first, now));
        CoreResult conflict = core.execute(sameIdElsewhere, now + 1);
        OrderSnapshot after = created(core.execute(next, now + 2));
        JournalBatch oneBatch = core.takeBatch();

        assertThat(refused(conflict).code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT);
        assertThat(refused(conflict).detail()).contains("used for a different order (" + placed.id() + ")");
        assertThat(oneBatch.commands()).extracting(JournalBatch.ExecutedCommand::outcome).containsExactly(
                "created " + placed.id() + " NEW", "refused idempotency-conflict", "created " + after.id() + " NEW");
        assertThat(oneBatch.orders()).extracting(OrderSnapshot::id).containsExactly(placed.id(), after.id());
        assertThat(oneBatch.entries()).extracting(JournalBatch.LedgerEntry::reference)
                .containsExactly("hold:" + placed.id(), "hold:" + after.id());
        assertThat(restingBids(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(placed.id());
        assertThat(restingBids(TEN_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(after.id());
    }

    @Test
    void aRefusedPlacementLeavesItsClientOrderIdFree() {
        Place place = place(BUYER, "big", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 60_000L, 2);
        assertThat(refused(execute(place)).code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);

        execute(new Credit(3, BUYER, 50_000, "top-up"));

        assertThat(created(execute(place)).holdMinor()).isEqualTo(121_200);
    }

    // ---- gate closure and expiry

    @Test
    void ordersAfterTheGateClosesAreRefusedButCancelsStillWork() {
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 1);
        OrderSnapshot ask = ask(PROVIDER, NINE_O_CLOCK, 210, 1);
        now = NINE_O_CLOCK.gateClosureMillis();

        Refused refused = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1));

        assertThat(refused.code()).isEqualTo(ErrorCode.MARKET_CLOSED);
        assertThat(refused.detail()).contains(NINE_O_CLOCK.symbol() + " closed for trading");
        assertThat(refused(execute(new Amend(BUYER, bid.id(), 205L, null))).code()).isEqualTo(ErrorCode.MARKET_CLOSED);
        assertThat(execute(new Cancel(PROVIDER, ask.id()))).isInstanceOf(OrderAnswer.class);
        assertThat(created(place(BUYER, TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1)).status())
                .as("a later hour is open").isEqualTo(OrderStatus.NEW);
    }

    @Test
    void expiryReleasesHoldsAndLeavesClientOrderIdsUsedBefore() {
        Place place = place(BUYER, "nine-1", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 2);
        OrderSnapshot bid = created(execute(place));
        now = NINE_O_CLOCK.gateClosureMillis();

        assertThat(execute(new Expire(NINE_O_CLOCK.id()))).isEqualTo(new CoreResult.Applied());

        assertThat(batch.orders()).singleElement().satisfies(expired -> {
            assertThat(expired.id()).isEqualTo(bid.id());
            assertThat(expired.status()).isEqualTo(OrderStatus.EXPIRED);
            assertThat(expired.cancelled()).isEqualTo(2);
            assertThat(expired.holdMinor()).isZero();
        });
        assertThat(batch.entries()).singleElement().extracting(JournalBatch.LedgerEntry::kind).isEqualTo("RELEASE");
        assertThat(held(BUYER)).isZero();
        assertThat(available(BUYER)).isEqualTo(100_000);
        assertThat(core.book(NINE_O_CLOCK.id())).isEmpty();
        assertThat(execute(place)).isEqualTo(new CoreResult.ClientOrderIdUsedBefore(BUYER, "nine-1"));
        assertThat(execute(place(BUYER, "nine-1", TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 2)))
                .isEqualTo(new CoreResult.ClientOrderIdUsedBefore(BUYER, "nine-1"));
        assertThat(execute(new Expire(NINE_O_CLOCK.id()))).as("again").isEqualTo(new CoreResult.Applied());
        assertThat(batch.orders()).isEmpty();
    }

    @Test
    void expiryForgetsWhatWasLoadedForAnInstrumentWithoutOpenOrders() {
        // A rebuild loads the client order id of a final order and the last trade of an instrument with no open orders.
        Place filledEarlier = place(BUYER, "filled-earlier", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                200L, 1);
        core.loadClientOrderId(BUYER, "filled-earlier", 500, filledEarlier.fingerprint(), NINE_O_CLOCK.id());
        core.loadLastPrice(NINE_O_CLOCK, 200);
        assertThat(execute(filledEarlier)).isEqualTo(new CoreResult.Replay(500));
        now = NINE_O_CLOCK.gateClosureMillis();

        execute(new Expire(NINE_O_CLOCK.id()));

        assertThat(execute(filledEarlier)).isEqualTo(new CoreResult.ClientOrderIdUsedBefore(BUYER, "filled-earlier"));
        assertThat(core.lastPrice(NINE_O_CLOCK.id())).isEmpty();
    }

    // ---- price span of a re-priced order

    @Test
    void anOrderAloneOnItsSideMayBeRepricedFarFromItsOldPrice() {
        openMarket(withSpan(25));
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 150, 1);

        OrderSnapshot amended = amended(new Amend(BUYER, bid.id(), 450L, null));

        assertThat(amended.priceTicks()).isEqualTo(450);
        assertThat(restingBids(NINE_O_CLOCK)).extracting(RestingOrder::priceTicks).containsExactly(450L);
    }

    @Test
    void repricingTheLowestAskTowardsTheOthersIsNotRefusedForTheSpan() {
        openMarket(withSpan(20));
        OrderSnapshot lowest = ask(PROVIDER, NINE_O_CLOCK, 100, 1);
        ask(OTHER_PROVIDER, NINE_O_CLOCK, 119, 1);

        OrderSnapshot amended = amended(new Amend(PROVIDER, lowest.id(), 120L, null));

        assertThat(amended.priceTicks()).isEqualTo(120);
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::priceTicks).containsExactly(119L, 120L);
    }

    @Test
    void repricingThatWouldSpreadTheSideTooFarIsRefused() {
        openMarket(withSpan(20));
        OrderSnapshot ask = ask(PROVIDER, NINE_O_CLOCK, 100, 1);
        ask(OTHER_PROVIDER, NINE_O_CLOCK, 110, 1);

        Refused refused = refused(execute(new Amend(PROVIDER, ask.id(), 130L, null)));

        assertThat(refused.code()).isEqualTo(ErrorCode.PRICE_BAND);
        assertThat(refused.detail()).contains("would spread the asks");
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::priceTicks).containsExactly(100L, 110L);
    }

    @Test
    void repricedOrderThatFillsAtOnceIsNotCheckedForTheSpan() {
        openMarket(withSpan(20));
        ask(PROVIDER, NINE_O_CLOCK, 130, 1);
        bid(BUYER, NINE_O_CLOCK, 100, 1);
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 115, 1);

        OrderSnapshot amended = amended(new Amend(BUYER, bid.id(), 130L, null));

        assertThat(amended.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(batch.trades()).singleElement().extracting(JournalBatch.TradeRow::priceTicks).isEqualTo(130L);
    }

    // ---- state hash

    @Test
    void stateHashTellsApartStatesThatDifferOnlyInAClientOrderId() {
        MarketCore one = loadedCore(RULES);
        MarketCore other = loadedCore(RULES);
        Place x = place(BUYER, "x", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 200L, 1);
        Place y = place(BUYER, "y", NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 200L, 1);
        one.execute(x, now);
        other.execute(y, now);

        assertThat(one.stateHash()).isNotEqualTo(other.stateHash());
        assertThat(one.execute(x, now + 1)).isInstanceOf(CoreResult.Replay.class);
        assertThat(other.execute(x, now + 1)).isInstanceOf(OrderAnswer.class);
    }

    @Test
    void stateHashCoversPositionsLastPricesAndExpiredClientOrderIds() {
        long base = loadedCore(RULES).stateHash();
        MarketCore bought = loadedCore(RULES);
        bought.loadPosition(BUYER, NINE_O_CLOCK, 3, 0);
        MarketCore traded = loadedCore(RULES);
        traded.loadLastPrice(NINE_O_CLOCK, 200);
        MarketCore closed = loadedCore(RULES);
        closed.loadClosedClientOrderId(BUYER, "x");

        assertThat(List.of(bought.stateHash(), traded.stateHash(), closed.stateHash())).doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    // ---- live capacity: listed means rentable

    @Test
    void asksTheLiveCapacityNoLongerCoversAreCancelledNewestFirst() {
        // The provider has 48 H100 GPUs in CN-EAST: 20 + 20 offered at nine, 8 at ten.
        OrderSnapshot older = ask(PROVIDER, NINE_O_CLOCK, 300, 20);
        OrderSnapshot newer = ask(PROVIDER, NINE_O_CLOCK, 310, 20);
        OrderSnapshot ten = ask(PROVIDER, TEN_O_CLOCK, 300, 8);

        assertThat(execute(new CoreCommand.ChangeLiveCapacity(7, PROVIDER, "H100", "CN-EAST", -16)))
                .isInstanceOf(CoreResult.Applied.class);

        // 32 live: 40 offered at nine is 8 too many, so the newer ask goes; 8 at ten still fit.
        assertThat(batch.changedOrders()).singleElement().satisfies(order -> {
            assertThat(order.id()).isEqualTo(newer.id());
            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(order.cancelled()).isEqualTo(20);
            assertThat(order.cancelReason()).isEqualTo(MarketCore.CAPACITY_LOST);
        });
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(older.id());
        assertThat(restingAsks(TEN_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(ten.id());
        assertThat(batch.inbox()).extracting(JournalBatch.AppliedInbox::inboxId).containsExactly(7L);
    }

    @Test
    void anAskPastTheLiveCapacityIsRefusedUntilTheNodesComeBack() {
        execute(new CoreCommand.ChangeLiveCapacity(1, PROVIDER, "H100", "CN-EAST", -40));

        Refused refused = refused(place(PROVIDER, NINE_O_CLOCK, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 300L, 9));
        assertThat(refused.code()).isEqualTo(ErrorCode.NO_CAPACITY);
        assertThat(refused.detail()).contains("only 8 are unsold: 48 registered (40 not live)");

        execute(new CoreCommand.ChangeLiveCapacity(2, PROVIDER, "H100", "CN-EAST", 40));

        assertThat(ask(PROVIDER, NINE_O_CLOCK, 300, 9).remaining()).isEqualTo(9);
    }

    @Test
    void nodesTakenOutOfServiceCancelTheAsksTheyBacked() {
        OrderSnapshot ask = ask(PROVIDER, FOUR_HOURS, 500, 16);

        execute(new ChangeCapacity(3, PROVIDER, "A100", "CN-WEST", -8));

        assertThat(batch.changedOrders()).extracting(OrderSnapshot::id, OrderSnapshot::cancelReason)
                .containsExactly(tuple(ask.id(), MarketCore.CAPACITY_LOST));
        assertThat(core.book(FOUR_HOURS.id()).orElseThrow().restingOrderCount()).isZero();
    }

    @Test
    void anAskBackedByBoughtCapacityStaysWhenTheNodesGoDown() {
        // The other provider buys 4 GPUs at nine from the provider, then resells them: bought capacity needs no node.
        ask(PROVIDER, NINE_O_CLOCK, 200, 4);
        loadAccount(OTHER_PROVIDER, 50_000, 0);
        assertThat(bid(OTHER_PROVIDER, NINE_O_CLOCK, 200, 4).status()).isEqualTo(OrderStatus.FILLED);
        OrderSnapshot resale = ask(OTHER_PROVIDER, NINE_O_CLOCK, 230, 4);

        execute(new CoreCommand.ChangeLiveCapacity(4, OTHER_PROVIDER, "H100", "CN-EAST", -20));

        assertThat(batch.changedOrders()).isEmpty();
        assertThat(restingAsks(NINE_O_CLOCK)).extracting(RestingOrder::orderId).containsExactly(resale.id());
    }

    @Test
    void stateHashCoversCapacityThatIsNotLive() {
        long base = loadedCore(RULES).stateHash();
        MarketCore down = loadedCore(RULES);
        down.loadDownGpus(PROVIDER, "H100", "CN-EAST", 8);

        assertThat(down.stateHash()).isNotEqualTo(base);
    }

    // ---- spend limits

    @Test
    void aBidThatMayCostMoreThanThePerOrderLimitIsRefusedAndLeavesNothing() {
        limits(BUYER, 20_000L, null);

        // One GPU-hour at 200.00 may cost 202.00 with the 1% fee: over 200.00. At 198.00 it may cost 199.98.
        Refused refused = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 20_000L, 1));

        assertThat(refused.code()).isEqualTo(ErrorCode.SPEND_LIMIT);
        assertThat(refused.detail()).contains("may cost up to 202.00 with fees, over the limit of 200.00 per order");
        assertThat(batch.orders()).isEmpty();
        assertThat(held(BUYER)).isZero();
        assertThat(bid(BUYER, NINE_O_CLOCK, 19_800, 1).holdMinor()).isEqualTo(19_998);
    }

    @Test
    void theDailyLimitCountsTodaysSpendAndEveryOpenBid() {
        limits(BUYER, null, 40_000L);
        ask(PROVIDER, NINE_O_CLOCK, 10_000, 2);
        assertThat(bid(BUYER, NINE_O_CLOCK, 10_000, 2).status()).isEqualTo(OrderStatus.FILLED);
        bid(BUYER, TEN_O_CLOCK, 11_000, 1);

        // Spent 202.00 (200.00 and the fee), 111.10 held: one more bid of 111.10 would make 424.20.
        Refused refused = refused(place(BUYER, TEN_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 11_000L, 1));

        assertThat(refused.code()).isEqualTo(ErrorCode.SPEND_LIMIT);
        assertThat(refused.detail()).contains("spent today 202.00, held for open bids 111.10, and this order up to "
                + "111.10 make 424.20, over the daily limit of 400.00");
        assertThat(bid(BUYER, TEN_O_CLOCK, 8_500, 1).holdMinor()).isEqualTo(8_585);
        assertThat(ask(PROVIDER, TEN_O_CLOCK, 11_500, 10).status()).isEqualTo(OrderStatus.NEW);
    }

    @Test
    void theDailySpendStartsAgainOnTheNextUtcDay() {
        CoreInstrument tomorrow = instrument(9, "H100", "CN-EAST", 33, 1);
        limits(BUYER, null, 30_000L);
        ask(PROVIDER, NINE_O_CLOCK, 10_000, 2);
        assertThat(bid(BUYER, NINE_O_CLOCK, 10_000, 2).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(refused(place(BUYER, tomorrow, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000L, 1)).code())
                .isEqualTo(ErrorCode.SPEND_LIMIT);

        now = Instant.parse("2026-12-02T00:00:00Z").toEpochMilli();

        assertThat(bid(BUYER, tomorrow, 10_000, 1).holdMinor()).isEqualTo(10_100);
    }

    @Test
    void anAmendThatRaisesTheOrdersCostPastALimitIsRefused() {
        limits(BUYER, 20_000L, null);
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 15_000, 1);

        Refused refused = refused(execute(new Amend(BUYER, bid.id(), 19_900L, null)));

        assertThat(refused.code()).isEqualTo(ErrorCode.SPEND_LIMIT);
        assertThat(held(BUYER)).isEqualTo(15_150);
        assertThat(amended(new Amend(BUYER, bid.id(), 19_000L, null)).holdMinor()).isEqualTo(19_190);
    }

    @Test
    void spendLimitsAreJournaledRefusedWhenNegativeAndPartOfTheStateHash() {
        long before = core.stateHash();

        limits(BUYER, 10_000L, null);

        assertThat(batch.spendLimits()).containsExactly(new JournalBatch.SpendLimitsRow(BUYER, 10_000L, null,
                now - millisPerCommand));
        assertThat(core.stateHash()).isNotEqualTo(before);
        assertThat(refused(execute(new CoreCommand.SetSpendLimits(BUYER, -1L, null))).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(batch.spendLimits()).isEmpty();
    }

    @Test
    void aRebuiltCoreKeepsTheLimitsAndTodaysSpend() {
        core.loadSpending(BUYER, null, 30_000L, 20_200L, now);

        assertThat(refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000L, 1)).code())
                .isEqualTo(ErrorCode.SPEND_LIMIT);
        assertThat(bid(BUYER, NINE_O_CLOCK, 9_700, 1).holdMinor()).isEqualTo(9_797);
    }

    // ---- trading halts

    @Test
    void haltedInstrumentRefusesOrdersAndAmendsButLetsOrdersBeCancelled() {
        OrderSnapshot bid = bid(BUYER, NINE_O_CLOCK, 200, 2);
        assertThat(execute(new CoreCommand.Halt(NINE_O_CLOCK, null, "feed fault", "admin@cpx.demo")))
                .isInstanceOf(CoreResult.Applied.class);
        assertThat(batch.halts()).containsExactly(new JournalBatch.HaltRow("instrument:1", 1L, null, "feed fault",
                "admin@cpx.demo", now - millisPerCommand, true));

        Refused placed = refused(place(BUYER, NINE_O_CLOCK, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 200L, 1));
        assertThat(placed.code()).isEqualTo(ErrorCode.MARKET_HALTED);
        assertThat(placed.detail()).contains("trading in H100.CN-EAST.2026-12-01T9 is halted", "cancels still work");
        assertThat(refused(execute(new Amend(BUYER, bid.id(), 190L, null))).code()).isEqualTo(ErrorCode.MARKET_HALTED);
        assertThat(bid(BUYER, TEN_O_CLOCK, 200, 1).status()).as("another instrument trades on")
                .isEqualTo(OrderStatus.NEW);

        OrderSnapshot cancelled = ((OrderAnswer) execute(new Cancel(BUYER, bid.id()))).order();
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(held(BUYER)).as("only the other bid's hold").isEqualTo(202);

        assertThat(execute(new CoreCommand.Resume(1L, null))).isInstanceOf(CoreResult.Applied.class);
        assertThat(batch.halts()).singleElement().matches(row -> !row.active());
        assertThat(bid(BUYER, NINE_O_CLOCK, 200, 1).status()).isEqualTo(OrderStatus.NEW);
    }

    @Test
    void haltOfAComputeClassStopsEveryInstrumentOfIt() {
        execute(new CoreCommand.Halt(null, "H100", "vendor recall", "admin@cpx.demo"));

        for (CoreInstrument instrument : List.of(NINE_O_CLOCK, TEN_O_CLOCK)) {
            Refused refused = refused(place(PROVIDER, instrument, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 200L, 1));
            assertThat(refused.code()).isEqualTo(ErrorCode.MARKET_HALTED);
            assertThat(refused.detail()).contains("compute class H100 is halted");
        }
        assertThat(ask(PROVIDER, FOUR_HOURS, 300, 1).status()).isEqualTo(OrderStatus.NEW);
        assertThat(refused(execute(new CoreCommand.Halt(null, "H100", "again", "x"))).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused(execute(new CoreCommand.Resume(null, "A100"))).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aClosedInstrumentCannotBeHaltedAndItsExpiryLiftsItsHalt() {
        execute(new CoreCommand.Halt(NINE_O_CLOCK, null, "fault", "admin"));
        now = NINE_O_CLOCK.gateClosureMillis();
        Refused late = refused(execute(new CoreCommand.Halt(instrument(9, "H100", "CN-EAST", 8, 1), null, "late",
                "admin")));
        assertThat(late.code()).isEqualTo(ErrorCode.MARKET_CLOSED);

        execute(new Expire(NINE_O_CLOCK.id()));
        assertThat(batch.halts()).singleElement().matches(row -> !row.active() && row.instrumentId() == 1L);
        assertThat(refused(execute(new CoreCommand.Resume(1L, null))).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void haltsArePartOfTheStateAndARebuildLoadsThem() {
        long before = core.stateHash();
        execute(new CoreCommand.Halt(NINE_O_CLOCK, null, "fault", "admin"));
        execute(new CoreCommand.Halt(null, "A100", "recall", "admin"));
        long halted = core.stateHash();
        assertThat(halted).isNotEqualTo(before);

        MarketCore rebuilt = loadedCore(RULES);
        while (rebuilt.nextSequence() < core.nextSequence()) {
            rebuilt.skipSequence();
        }
        rebuilt.loadHalt(1L, NINE_O_CLOCK.symbol(), null);
        rebuilt.loadHalt(null, null, "A100");
        assertThat(rebuilt.stateHash()).isEqualTo(halted);
        assertThat(rebuilt.halted(FOUR_HOURS)).isTrue();
        assertThat(rebuilt.halted(TEN_O_CLOCK)).isFalse();
    }

    // ---- fixture

    private void limits(long organizationId, Long perOrderMinor, Long perDayMinor) {
        assertThat(execute(new CoreCommand.SetSpendLimits(organizationId, perOrderMinor, perDayMinor)))
                .isInstanceOf(CoreResult.Applied.class);
    }

    private static CoreRules withSpan(int maxPriceSpanTicks) {
        return new CoreRules(RULES.buyerFeeBasisPoints(), RULES.maxQuantity(), RULES.maxPriceTicks(),
                RULES.maxRestingOrdersPerBook(), RULES.maxOpenOrdersPerOrganizationPerBook(), RULES.priceBandPercent(),
                maxPriceSpanTicks, RULES.ordersPerSecond(), RULES.orderBurst());
    }

    private static CoreInstrument instrument(long id, String computeClass, String region, int startHour, int hours) {
        long start = START_MILLIS + (startHour - 8) * 3_600_000L;
        return new CoreInstrument(id, computeClass + "." + region + ".2026-12-01T" + startHour, computeClass, region,
                start, start + hours * 3_600_000L, start - 1_800_000);
    }

    /** The buyer holds 1,000.00, each provider 500.00 and registered GPUs of H100 in CN-EAST (48 and 20). */
    private void openMarket(CoreRules rules) {
        core = loadedCore(rules);
        balances.clear();
        balances.put(AccountCodes.available(BUYER), 100_000L);
        balances.put(AccountCodes.available(PROVIDER), 50_000L);
        balances.put(AccountCodes.available(OTHER_PROVIDER), 50_000L);
    }

    private static MarketCore loadedCore(CoreRules rules) {
        MarketCore loaded = new MarketCore(rules, 1);
        loaded.loadAccount(BUYER, 100_000, 0, 0);
        loaded.loadAccount(PROVIDER, 50_000, 0, 0);
        loaded.loadAccount(OTHER_PROVIDER, 50_000, 0, 0);
        loaded.loadRegisteredGpus(PROVIDER, "H100", "CN-EAST", 48);
        loaded.loadRegisteredGpus(PROVIDER, "A100", "CN-WEST", 16);
        loaded.loadRegisteredGpus(OTHER_PROVIDER, "H100", "CN-EAST", 20);
        return loaded;
    }

    private void loadAccount(long organizationId, long availableMinor, long creditLimitMinor) {
        core.loadAccount(organizationId, availableMinor, 0, creditLimitMinor);
        balances.put(AccountCodes.available(organizationId), availableMinor);
    }

    /** A trade of one GPU from the other provider to the buyer at this price: a reference for the band. */
    private void trade(CoreInstrument instrument, long priceTicks) {
        ask(OTHER_PROVIDER, instrument, priceTicks, 1);
        assertThat(bid(BUYER, instrument, priceTicks, 1).status()).isEqualTo(OrderStatus.FILLED);
    }

    /** Executes at the market's time, then moves it on; the batch is taken and its balance changes applied. */
    private CoreResult execute(CoreCommand command) {
        CoreResult result = core.execute(command, now);
        now += millisPerCommand;
        batch = core.takeBatch();
        batch.balanceDeltas().forEach((account, delta) -> balances.merge(account, delta, Long::sum));
        core.validateInternalState();
        return result;
    }

    private CoreResult place(long organizationId, CoreInstrument instrument, Side side, OrderType type,
                             TimeInForce timeInForce, Long priceTicks, long quantity) {
        return execute(place(organizationId, "c" + nextClientOrderId++, instrument, side, type, timeInForce, priceTicks,
                quantity));
    }

    /** A placement whose fingerprint is its terms, as the service computes it. */
    private static Place place(long organizationId, String clientOrderId, CoreInstrument instrument, Side side,
                               OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity) {
        String fingerprint = instrument.symbol() + "|" + side + "|" + type + "|" + timeInForce + "|" + priceTicks + "|"
                + quantity;
        return new Place(organizationId, clientOrderId, fingerprint, instrument, side, type, timeInForce, priceTicks,
                quantity, false);
    }

    private OrderSnapshot bid(long organizationId, CoreInstrument instrument, long priceTicks, long quantity) {
        return created(place(organizationId, instrument, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, priceTicks,
                quantity));
    }

    private OrderSnapshot ask(long organizationId, CoreInstrument instrument, long priceTicks, long quantity) {
        return created(place(organizationId, instrument, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, priceTicks,
                quantity));
    }

    private static OrderSnapshot created(CoreResult result) {
        assertThat(result).isInstanceOfSatisfying(OrderAnswer.class, answer -> assertThat(answer.created()).isTrue());
        OrderSnapshot order = ((OrderAnswer) result).order();
        assertThat(order.quantity()).isEqualTo(order.filled() + order.remaining() + order.cancelled());
        return order;
    }

    private OrderSnapshot amended(Amend amend) {
        CoreResult result = execute(amend);
        assertThat(result).isInstanceOfSatisfying(OrderAnswer.class, answer -> assertThat(answer.created()).isFalse());
        return ((OrderAnswer) result).order();
    }

    private static Refused refused(CoreResult result) {
        assertThat(result).isInstanceOf(Refused.class);
        return (Refused) result;
    }

    private List<RestingOrder> restingBids(CoreInstrument instrument) {
        return core.book(instrument.id()).map(book -> book.restingOrders(Side.BUY)).orElse(List.of());
    }

    private List<RestingOrder> restingAsks(CoreInstrument instrument) {
        return core.book(instrument.id()).map(book -> book.restingOrders(Side.SELL)).orElse(List.of());
    }

    private long available(long organizationId) {
        return balances.getOrDefault(AccountCodes.available(organizationId), 0L);
    }

    private long held(long organizationId) {
        return balances.getOrDefault(AccountCodes.held(organizationId), 0L);
    }

    private long escrow(long organizationId) {
        return balances.getOrDefault(AccountCodes.escrow(organizationId), 0L);
    }

    private long fees() {
        return balances.getOrDefault(AccountCodes.FEES, 0L);
    }
}
