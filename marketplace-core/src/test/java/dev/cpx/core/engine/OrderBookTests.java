package dev.cpx.core.engine;

import static dev.cpx.core.engine.EventLog.amended;
import static dev.cpx.core.engine.EventLog.cancelled;
import static dev.cpx.core.engine.EventLog.rejected;
import static dev.cpx.core.engine.EventLog.rested;
import static dev.cpx.core.engine.EventLog.trade;
import static dev.cpx.core.engine.OrderType.LIMIT;
import static dev.cpx.core.engine.OrderType.MARKET;
import static dev.cpx.core.engine.Side.BUY;
import static dev.cpx.core.engine.Side.SELL;
import static dev.cpx.core.engine.TimeInForce.FOK;
import static dev.cpx.core.engine.TimeInForce.GTC;
import static dev.cpx.core.engine.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderBookTests {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    private final EventLog log = new EventLog();
    private OrderBook book = new OrderBook(7, new BookLimits(100, 1_000_000, 1_000, 10_000), log);

    @AfterEach
    void bookStaysConsistent() {
        book.validateInternalState();
    }

    private void gtc(long orderId, long owner, Side side, long priceTicks, long quantity) {
        book.place(orderId, owner, side, LIMIT, GTC, priceTicks, quantity);
    }

    /** Places resting orders and forgets their events. */
    private void given(Runnable setUp) {
        setUp.run();
        log.drain();
    }

    @Test
    void ordersThatDoNotCrossRest() {
        gtc(1, ALICE, BUY, 100, 5);
        gtc(2, BOB, SELL, 101, 3);

        assertThat(log.drain()).containsExactly(
                rested(1, ALICE, BUY, 100, 5),
                rested(2, BOB, SELL, 101, 3));
        assertThat(book.restingOrderCount()).isEqualTo(2);
    }

    @Test
    void incomingBuyTradesAtTheRestingAsksPrice() {
        given(() -> gtc(1, ALICE, SELL, 100, 5));

        gtc(2, BOB, BUY, 105, 5);

        assertThat(log.drain()).containsExactly(trade(1, 2, ALICE, BOB, 100, 5, BUY));
        assertThat(book.restingOrderCount()).isZero();
    }

    @Test
    void ordersAtTheSamePriceFillOldestFirst() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 2);
            gtc(2, BOB, BUY, 100, 2);
        });

        gtc(3, CAROL, SELL, 100, 3);

        assertThat(log.drain()).containsExactly(
                trade(1, 3, ALICE, CAROL, 100, 2, SELL),
                trade(2, 3, BOB, CAROL, 100, 1, SELL));
        assertThat(book.restingOrder(2)).contains(new RestingOrder(2, BOB, BUY, 100, 1));
    }

    @Test
    void betterPricesFillBeforeOlderWorsePrices() {
        given(() -> {
            gtc(1, ALICE, SELL, 102, 1);
            gtc(2, ALICE, SELL, 101, 1);
            gtc(3, BOB, SELL, 100, 1);
        });

        gtc(4, CAROL, BUY, 101, 5);

        assertThat(log.drain()).containsExactly(
                trade(3, 4, BOB, CAROL, 100, 1, BUY),
                trade(2, 4, ALICE, CAROL, 101, 1, BUY),
                rested(4, CAROL, BUY, 101, 3));
        assertThat(book.restingOrders(SELL)).containsExactly(new RestingOrder(1, ALICE, SELL, 102, 1));
    }

    @Test
    void partlyFilledMakerKeepsItsPlaceAtTheFrontOfTheQueue() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 5);
            gtc(2, BOB, SELL, 100, 5);
            gtc(3, CAROL, BUY, 100, 2);
        });

        assertThat(book.restingOrders(SELL)).extracting(RestingOrder::orderId).containsExactly(1L, 2L);
        assertThat(book.restingOrder(1)).map(RestingOrder::remainingQuantity).contains(3L);
    }

    @Test
    void iocRemainderIsCancelled() {
        given(() -> gtc(1, ALICE, SELL, 100, 2));

        book.place(2, BOB, BUY, LIMIT, IOC, 100, 5);

        assertThat(log.drain()).containsExactly(
                trade(1, 2, ALICE, BOB, 100, 2, BUY),
                cancelled(2, 3, CancelReason.UNFILLED_IMMEDIATE_ORDER));
        assertThat(book.restingOrderCount()).isZero();
    }

    @Test
    void iocThatCannotTradeIsCancelledWhole() {
        given(() -> gtc(1, ALICE, SELL, 101, 2));

        book.place(2, BOB, BUY, LIMIT, IOC, 100, 5);

        assertThat(log.drain()).containsExactly(cancelled(2, 5, CancelReason.UNFILLED_IMMEDIATE_ORDER));
    }

    @Test
    void fokFillsCompletelyWhenEnoughLiquidityIsWithinItsLimit() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 2);
            gtc(2, BOB, SELL, 101, 3);
        });

        book.place(3, CAROL, BUY, LIMIT, FOK, 101, 4);

        assertThat(log.drain()).containsExactly(
                trade(1, 3, ALICE, CAROL, 100, 2, BUY),
                trade(2, 3, BOB, CAROL, 101, 2, BUY));
    }

    @Test
    void fokTradesNothingWhenLiquidityWithinItsLimitIsShort() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 2);
            gtc(2, BOB, SELL, 102, 3);
        });

        book.place(3, CAROL, BUY, LIMIT, FOK, 101, 4);

        assertThat(log.drain()).containsExactly(cancelled(3, 4, CancelReason.FOK_NOT_FILLABLE));
        assertThat(book.restingQuantity(SELL)).isEqualTo(5);
    }

    @Test
    void fokCountsOnlyLiquidityBeforeTheFirstOrderOfItsOwnOwner() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 2);
            gtc(2, CAROL, SELL, 100, 1);
            gtc(3, BOB, SELL, 100, 5);
        });

        book.place(4, CAROL, BUY, LIMIT, FOK, 100, 3);

        assertThat(log.drain()).containsExactly(cancelled(4, 3, CancelReason.FOK_NOT_FILLABLE));
        assertThat(book.restingQuantity(SELL)).isEqualTo(8);
    }

    @Test
    void fokFillsWhenItsQuantityIsReachedBeforeItsOwnOrder() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 2);
            gtc(2, CAROL, SELL, 100, 1);
        });

        book.place(3, CAROL, BUY, LIMIT, FOK, 100, 2);

        assertThat(log.drain()).containsExactly(trade(1, 3, ALICE, CAROL, 100, 2, BUY));
    }

    @Test
    void marketOrderTakesAnyPriceAndItsRemainderNeverRests() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 2);
            gtc(2, BOB, BUY, 1, 1);
        });

        book.place(3, CAROL, SELL, MARKET, GTC, 0, 5);

        assertThat(log.drain()).containsExactly(
                trade(1, 3, ALICE, CAROL, 100, 2, SELL),
                trade(2, 3, BOB, CAROL, 1, 1, SELL),
                cancelled(3, 2, CancelReason.UNFILLED_IMMEDIATE_ORDER));
        assertThat(book.restingOrderCount()).isZero();
    }

    @Test
    void marketFokTradesNothingWhenTheBookIsTooThin() {
        given(() -> gtc(1, ALICE, BUY, 100, 2));

        book.place(2, CAROL, SELL, MARKET, FOK, 0, 3);

        assertThat(log.drain()).containsExactly(cancelled(2, 3, CancelReason.FOK_NOT_FILLABLE));
    }

    @Test
    void marketOrderWithAPriceIsRefused() {
        book.place(1, ALICE, BUY, MARKET, IOC, 100, 1);

        assertThat(log.drain()).containsExactly(rejected(1, RejectReason.INVALID_PRICE));
    }

    @Test
    void selfTradeCancelsTheIncomingRemainderAndKeepsEarlierTrades() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 2);
            gtc(2, BOB, SELL, 100, 2);
            gtc(3, CAROL, SELL, 100, 2);
        });

        gtc(4, BOB, BUY, 101, 5);

        assertThat(log.drain()).containsExactly(
                trade(1, 4, ALICE, BOB, 100, 2, BUY),
                cancelled(4, 3, CancelReason.SELF_TRADE_PREVENTED));
        assertThat(book.restingOrders(SELL)).extracting(RestingOrder::orderId).containsExactly(2L, 3L);
        assertThat(book.restingOrders(BUY)).isEmpty();
    }

    @Test
    void selfTradePreventionAppliesToIocAndMarketOrders() {
        given(() -> gtc(1, ALICE, SELL, 100, 2));

        book.place(2, ALICE, BUY, LIMIT, IOC, 100, 1);
        book.place(3, ALICE, BUY, MARKET, IOC, 0, 1);

        assertThat(log.drain()).containsExactly(
                cancelled(2, 1, CancelReason.SELF_TRADE_PREVENTED),
                cancelled(3, 1, CancelReason.SELF_TRADE_PREVENTED));
        assertThat(book.restingQuantity(SELL)).isEqualTo(2);
    }

    @Test
    void cancelRemovesTheOrderAndReportsItsRemainder() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 5);
            gtc(2, BOB, SELL, 100, 2);
        });

        book.cancel(1);

        assertThat(log.drain()).containsExactly(cancelled(1, 3, CancelReason.OWNER_REQUEST));
        assertThat(book.restingOrder(1)).isEmpty();
        assertThat(book.levelCount(BUY)).isZero();
    }

    @Test
    void cancelOfAnUnknownOrFinishedOrderIsRefused() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 5);
            gtc(2, BOB, SELL, 100, 5);
        });

        book.cancel(1);
        book.cancel(99);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.UNKNOWN_ORDER),
                rejected(99, RejectReason.UNKNOWN_ORDER));
    }

    @Test
    void smallerQuantityKeepsTimePriority() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 5);
            gtc(2, BOB, BUY, 100, 5);
        });

        book.amend(1, 100, 2);

        assertThat(log.drain()).containsExactly(amended(1, 100, 2));
        assertThat(book.restingOrders(BUY)).containsExactly(
                new RestingOrder(1, ALICE, BUY, 100, 2),
                new RestingOrder(2, BOB, BUY, 100, 5));
        assertThat(book.depth(BUY, 5)).containsExactly(new PriceLevelView(100, 7, 2));
    }

    @Test
    void largerQuantityIsRefused() {
        given(() -> gtc(1, ALICE, BUY, 100, 5));

        book.amend(1, 100, 6);
        book.amend(1, 100, 0);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.QUANTITY_INCREASE_REFUSED),
                rejected(1, RejectReason.INVALID_QUANTITY));
        assertThat(book.restingOrder(1)).map(RestingOrder::remainingQuantity).contains(5L);
    }

    @Test
    void newPriceLosesTimePriority() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 5);
            gtc(2, BOB, BUY, 101, 5);
        });

        book.amendPrice(2, 100);
        book.amendPrice(1, 101);
        book.amendPrice(1, 100);

        assertThat(book.restingOrders(BUY)).extracting(RestingOrder::orderId).containsExactly(2L, 1L);
    }

    @Test
    void newPriceThatCrossesTradesAtOnceAtTheRestingPrice() {
        given(() -> {
            gtc(1, ALICE, SELL, 101, 2);
            gtc(2, BOB, BUY, 99, 5);
        });

        book.amend(2, 102, 4);

        assertThat(log.drain()).containsExactly(
                amended(2, 102, 4),
                trade(1, 2, ALICE, BOB, 101, 2, BUY));
        assertThat(book.restingOrder(2)).contains(new RestingOrder(2, BOB, BUY, 102, 2));
    }

    @Test
    void newPriceThatReachesAnOwnOrderCancelsTheAmendedRemainder() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 1);
            gtc(2, BOB, SELL, 101, 1);
            gtc(3, BOB, BUY, 99, 5);
        });

        book.amendPrice(3, 101);

        assertThat(log.drain()).containsExactly(
                amended(3, 101, 5),
                trade(1, 3, ALICE, BOB, 100, 1, BUY),
                cancelled(3, 4, CancelReason.SELF_TRADE_PREVENTED));
        assertThat(book.restingOrders(BUY)).isEmpty();
        assertThat(book.restingOrders(SELL)).extracting(RestingOrder::orderId).containsExactly(2L);
    }

    @Test
    void amendOfAnUnknownOrFinishedOrderIsRefused() {
        given(() -> {
            gtc(1, ALICE, SELL, 100, 1);
            gtc(2, BOB, BUY, 100, 1);
        });

        book.amend(1, 100, 1);
        book.amendPrice(42, 100);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.UNKNOWN_ORDER),
                rejected(42, RejectReason.UNKNOWN_ORDER));
    }

    @Test
    void amendToAnInvalidPriceIsRefused() {
        given(() -> gtc(1, ALICE, SELL, 100, 1));

        book.amendPrice(1, 0);
        book.amendPrice(1, 1_000_001);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.INVALID_PRICE),
                rejected(1, RejectReason.INVALID_PRICE));
    }

    @Test
    void liveOrderIdIsRefusedAsDuplicate() {
        given(() -> gtc(1, ALICE, BUY, 100, 5));

        gtc(1, BOB, SELL, 200, 1);
        book.place(1, BOB, SELL, MARKET, IOC, 0, 1);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.DUPLICATE_ORDER_ID),
                rejected(1, RejectReason.DUPLICATE_ORDER_ID));
    }

    @Test
    void priceAndQuantityOutsideTheLimitsAreRefused() {
        gtc(1, ALICE, BUY, 0, 5);
        gtc(2, ALICE, BUY, 1_000_001, 5);
        gtc(3, ALICE, BUY, 100, 0);
        gtc(4, ALICE, BUY, 100, 1_001);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.INVALID_PRICE),
                rejected(2, RejectReason.INVALID_PRICE),
                rejected(3, RejectReason.INVALID_QUANTITY),
                rejected(4, RejectReason.INVALID_QUANTITY));
    }

    @Test
    void gtcOrderIsRefusedWhenTheBookIsFullButImmediateOrdersStillTrade() {
        book = new OrderBook(7, new BookLimits(2, 1_000, 1_000, 1_000), log);
        given(() -> {
            gtc(1, ALICE, SELL, 100, 1);
            gtc(2, ALICE, SELL, 101, 1);
        });

        gtc(3, BOB, BUY, 100, 1);
        book.place(4, BOB, BUY, LIMIT, IOC, 100, 1);
        gtc(5, BOB, BUY, 90, 1);

        assertThat(log.drain()).containsExactly(
                rejected(3, RejectReason.BOOK_FULL),
                trade(1, 4, ALICE, BOB, 100, 1, BUY),
                rested(5, BOB, BUY, 90, 1));
    }

    @Test
    void insertRestingAddsInGivenOrderWithoutMatchingOrEvents() {
        book.insertResting(5, ALICE, BUY, 100, 3);
        book.insertResting(2, BOB, BUY, 100, 4);
        book.insertResting(9, BOB, SELL, 101, 1);

        assertThat(log.drain()).isEmpty();
        assertThat(book.restingOrders(BUY)).extracting(RestingOrder::orderId).containsExactly(5L, 2L);
        assertThat(book.restingOrders(SELL)).extracting(RestingOrder::orderId).containsExactly(9L);
    }

    @Test
    void insertRestingRefusesAnOrderThatWouldCrossOrIsADuplicate() {
        book.insertResting(1, ALICE, SELL, 101, 1);

        assertThatThrownBy(() -> book.insertResting(2, BOB, BUY, 101, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crosses");
        assertThatThrownBy(() -> book.insertResting(1, BOB, BUY, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DUPLICATE_ORDER_ID");
        assertThat(book.restingOrderCount()).isEqualTo(1);
    }

    @Test
    void depthAggregatesLevelsBestFirst() {
        given(() -> {
            gtc(1, ALICE, BUY, 99, 1);
            gtc(2, BOB, BUY, 100, 2);
            gtc(3, CAROL, BUY, 99, 3);
            gtc(4, ALICE, SELL, 103, 4);
            gtc(5, BOB, SELL, 102, 5);
            gtc(6, CAROL, SELL, 104, 6);
        });

        assertThat(book.depth(BUY, 10)).containsExactly(new PriceLevelView(100, 2, 1), new PriceLevelView(99, 4, 2));
        assertThat(book.depth(SELL, 2)).containsExactly(new PriceLevelView(102, 5, 1), new PriceLevelView(103, 4, 1));
        long[] prices = new long[5];
        long[] quantities = new long[5];
        int[] counts = new int[5];
        assertThat(book.depth(SELL, prices, quantities, counts)).isEqualTo(3);
        assertThat(prices).startsWith(102, 103, 104);
        assertThat(quantities).startsWith(5, 4, 6);
        assertThat(counts).startsWith(1, 1, 1);
    }

    @Test
    void stateHashIsEqualForEqualBooksAndChangesWithTheBook() {
        OrderBook other = new OrderBook(8, new BookLimits(100, 1_000_000, 1_000, 10_000), new EventLog());
        gtc(1, ALICE, BUY, 100, 5);
        other.place(1, ALICE, BUY, LIMIT, GTC, 100, 5);
        assertThat(book.stateHash()).isEqualTo(other.stateHash());

        book.amend(1, 100, 4);

        assertThat(book.stateHash()).isNotEqualTo(other.stateHash());
    }

    @Test
    void expireAllCancelsEveryRestingOrder() {
        given(() -> {
            gtc(1, ALICE, BUY, 99, 1);
            gtc(2, BOB, BUY, 100, 2);
            gtc(3, CAROL, SELL, 102, 3);
        });

        book.expireAll();

        assertThat(log.drain()).containsExactly(
                cancelled(2, 2, CancelReason.EXPIRED),
                cancelled(1, 1, CancelReason.EXPIRED),
                cancelled(3, 3, CancelReason.EXPIRED));
        assertThat(book.restingOrderCount()).isZero();
    }

    @Test
    void finishedOrderIdMayBeReusedBecauseTheBookRemembersOnlyLiveOrders() {
        given(() -> {
            gtc(1, ALICE, BUY, 100, 1);
            book.cancel(1);
        });

        gtc(1, ALICE, BUY, 100, 1);

        assertThat(log.drain()).containsExactly(rested(1, ALICE, BUY, 100, 1));
    }

    @Test
    void limitsRefuseNonPositiveValuesAndOverflowingTotals() {
        assertThatThrownBy(() -> new BookLimits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookLimits(1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookLimits(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookLimits(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookLimits(1, 1, 1, BookLimits.MAX_PRICE_SPAN_CEILING + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookLimits(1_000_000, 1, Long.MAX_VALUE / 2, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void remainderThatWouldWidenItsSideBeyondThePriceSpanIsCancelled() {
        given(() -> {
            gtc(1, ALICE, BUY, 20_000, 1);
            gtc(2, BOB, SELL, 20_100, 1);
        });

        gtc(3, ALICE, BUY, 10_000, 1);
        gtc(4, ALICE, BUY, 10_001, 1);
        gtc(5, CAROL, BUY, 20_200, 3);

        assertThat(log.drain()).containsExactly(
                cancelled(3, 1, CancelReason.PRICE_SPAN_EXCEEDED),
                rested(4, ALICE, BUY, 10_001, 1),
                trade(2, 5, BOB, CAROL, 20_100, 1, BUY),
                cancelled(5, 2, CancelReason.PRICE_SPAN_EXCEEDED));
    }

    @Test
    void amendBeyondThePriceSpanTradesWhatItCanAndCancelsTheRest() {
        given(() -> {
            gtc(1, ALICE, BUY, 20_000, 1);
            gtc(2, BOB, BUY, 19_000, 4);
            gtc(3, CAROL, SELL, 20_500, 1);
        });

        book.amendPrice(2, 30_000);

        assertThat(log.drain()).containsExactly(
                amended(2, 30_000, 4),
                trade(3, 2, CAROL, BOB, 20_500, 1, BUY),
                cancelled(2, 3, CancelReason.PRICE_SPAN_EXCEEDED));
        assertThat(book.restingOrders(BUY)).extracting(RestingOrder::orderId).containsExactly(1L);
    }

    @Test
    void pricesOutsideTheLadderWindowMoveOrGrowItAndKeepTheOrder() {
        long[][] steps = {
            {1, 5_000}, {2, 5_001}, {3, 5_600}, {4, 4_700}, {-1}, {-2}, {-4},
            {5, 6_400}, {6, 4_990}, {-5}, {7, 4_900}, {8, 14_000}};
        for (long[] step : steps) {
            if (step[0] < 0) {
                book.cancel(-step[0]);
            } else {
                gtc(step[0], ALICE, BUY, step[1], 1);
            }
            book.validateInternalState();
        }

        assertThat(book.depth(BUY, 10)).extracting(PriceLevelView::priceTicks)
                .containsExactly(14_000L, 5_600L, 4_990L, 4_900L);
        book.cancel(8);
        assertThat(book.depth(BUY, 1)).containsExactly(new PriceLevelView(5_600, 1, 1));
    }
}
