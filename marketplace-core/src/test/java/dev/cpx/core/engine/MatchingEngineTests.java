package dev.cpx.core.engine;

import static dev.cpx.core.engine.EventLog.amended;
import static dev.cpx.core.engine.EventLog.cancelled;
import static dev.cpx.core.engine.EventLog.rejected;
import static dev.cpx.core.engine.EventLog.rested;
import static dev.cpx.core.engine.EventLog.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatchingEngineTests {

    private final EventLog log = new EventLog();
    private final MatchingEngine engine = new MatchingEngine(2, BookLimits.defaults(), log);

    @Test
    void commandsGoToTheInstrumentsOwnBook() {
        engine.addBook(10);
        engine.addBook(20);

        engine.place(10, 1, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        engine.place(20, 2, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        engine.place(10, 3, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        engine.amendPrice(20, 2, 101);
        engine.cancel(20, 2);

        assertThat(log.drain()).containsExactly(
                rested(1, 1, Side.SELL, 100, 1),
                rested(2, 2, Side.BUY, 100, 1),
                trade(1, 3, 1, 2, 100, 1, Side.BUY),
                amended(2, 101, 1),
                cancelled(2, 1, CancelReason.OWNER_REQUEST));
        assertThat(engine.book(20).orElseThrow().restingOrderCount()).isZero();
        assertThat(engine.book(10).orElseThrow().restingOrderCount()).isZero();
    }

    @Test
    void commandsForAnInstrumentWithoutABookAreRefused() {
        engine.place(99, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        engine.cancel(99, 2);
        engine.amend(99, 3, 100, 1);
        engine.amendPrice(99, 4, 100);

        assertThat(log.drain()).containsExactly(
                rejected(1, RejectReason.UNKNOWN_INSTRUMENT),
                rejected(2, RejectReason.UNKNOWN_INSTRUMENT),
                rejected(3, RejectReason.UNKNOWN_INSTRUMENT),
                rejected(4, RejectReason.UNKNOWN_INSTRUMENT));
        assertThatThrownBy(() -> engine.insertResting(99, 4, 1, Side.BUY, 100, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bookCountIsLimitedAndABookIsOpenedOnce() {
        engine.addBook(10);

        assertThatThrownBy(() -> engine.addBook(10)).isInstanceOf(IllegalStateException.class);
        engine.addBook(20);
        assertThatThrownBy(() -> engine.addBook(30)).isInstanceOf(IllegalStateException.class);
        assertThat(engine.bookCount()).isEqualTo(2);
    }

    @Test
    void closingABookExpiresItsOrders() {
        engine.addBook(10);
        engine.insertResting(10, 1, 1, Side.BUY, 100, 2);
        engine.amend(10, 1, 100, 1);
        log.drain();

        engine.closeBook(10);

        assertThat(log.drain()).containsExactly(cancelled(1, 1, CancelReason.EXPIRED));
        assertThat(engine.book(10)).isEmpty();
    }
}
