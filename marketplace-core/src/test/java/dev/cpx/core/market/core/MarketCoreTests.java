package dev.cpx.core.market.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.RestingOrder;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.market.OrderStatus;
import dev.cpx.core.market.core.CoreCommand.Amend;
import dev.cpx.core.market.core.CoreCommand.Cancel;
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

    // ---- fixture

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
        core = new MarketCore(rules, 1);
        balances.clear();
        loadAccount(BUYER, 100_000, 0);
        loadAccount(PROVIDER, 50_000, 0);
        loadAccount(OTHER_PROVIDER, 50_000, 0);
        core.loadRegisteredGpus(PROVIDER, "H100", "CN-EAST", 48);
        core.loadRegisteredGpus(PROVIDER, "A100", "CN-WEST", 16);
        core.loadRegisteredGpus(OTHER_PROVIDER, "H100", "CN-EAST", 20);
    }

    private void loadAccount(long organizationId, long availableMinor, long creditLimitMinor) {
        core.loadAccount(organizationId, availableMinor, 0, creditLimitMinor);
        balances.put(AccountCodes.available(organizationId), availableMinor);
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
                quantity);
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
