package dev.cpx.core.market.core;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;

/**
 * What the market core executes, one at a time in sequence order. Every command is journaled with its body, so
 * the core's state can be replayed from the journal; money and capacity decided elsewhere arrive as commands
 * too, which keeps the core the only writer of the balances and capacity it checks.
 */
public sealed interface CoreCommand {

    /**
     * {@code priceTicks} is null for MARKET orders. {@code clientOrderIdChecked} says the caller found no order
     * under the client order id in the database, after the core answered {@link CoreResult.ClientOrderIdUsedBefore}.
     * {@code project} (null for none) goes with the order onto its contracts.
     */
    record Place(long organizationId, String clientOrderId, String fingerprint, CoreInstrument instrument, Side side,
                 OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity, boolean clientOrderIdChecked,
                 String project) implements CoreCommand {

        public Place(long organizationId, String clientOrderId, String fingerprint, CoreInstrument instrument,
                     Side side, OrderType type, TimeInForce timeInForce, Long priceTicks, long quantity,
                     boolean clientOrderIdChecked) {
            this(organizationId, clientOrderId, fingerprint, instrument, side, type, timeInForce, priceTicks, quantity,
                    clientOrderIdChecked, null);
        }
    }

    record Cancel(long organizationId, long orderId) implements CoreCommand {
    }

    /** {@code priceTicks} and {@code remainingQuantity} are null when unchanged. */
    record Amend(long organizationId, long orderId, Long priceTicks, Long remainingQuantity) implements CoreCommand {
    }

    /** The instrument's gate closed: its open orders expire and release their holds. */
    record Expire(long instrumentId) implements CoreCommand {
    }

    /**
     * An organization's account as the ledger holds it, for an organization the core has not seen yet (created
     * after the core was built). Ignored when the core knows the account.
     */
    record OpenAccount(long organizationId, long availableMinor, long heldMinor, long creditLimitMinor)
            implements CoreCommand {
    }

    /** Money decided elsewhere (a top-up, settlement, an adjustment): positive into the wallet, negative out. */
    record Credit(long inboxId, long organizationId, long amountMinor, String reference) implements CoreCommand {
    }

    /**
     * Money paid out of an organization's wallet to its bank or payment account: moved from its available balance
     * to the payouts in transit, all of it or, when the available balance is short, none (refused).
     */
    record Payout(long inboxId, long organizationId, long amountMinor, String reference) implements CoreCommand {
    }

    /** GPUs of a class in a region a provider registered (positive) or took out of service (negative). */
    record ChangeCapacity(long inboxId, long organizationId, String computeClass, String region, long gpus)
            implements CoreCommand {
    }

    /**
     * GPUs of a class in a region that stopped being live (negative: a node reported DOWN or went silent) or came
     * back (positive). Asks the provider's live capacity no longer covers are cancelled, newest first.
     */
    record ChangeLiveCapacity(long inboxId, long organizationId, String computeClass, String region, long gpus)
            implements CoreCommand {
    }

    /**
     * One order for every instrument of {@code instruments} (consecutive delivery windows of one class and region),
     * all or nothing: a BUY fills {@code quantity} in each at an average price per GPU-hour no higher than
     * {@code limitPriceTicks} (fees excluded) or trades nothing; a SELL rests (or trades) one ask per instrument at
     * the limit, each checked against capacity, or places none. The children's client order ids are
     * {@code clientOrderId:1..n}.
     */
    record PlaceBlock(long organizationId, String clientOrderId, String fingerprint, java.util.List<CoreInstrument> instruments,
                      Side side, long quantity, long limitPriceTicks, String project, Long maxValueMinor)
            implements CoreCommand {

        /** A block whose only price limit is the average; {@code maxValueMinor} also caps a BUY's whole cost. */
        public PlaceBlock(long organizationId, String clientOrderId, String fingerprint,
                          java.util.List<CoreInstrument> instruments, Side side, long quantity, long limitPriceTicks,
                          String project) {
            this(organizationId, clientOrderId, fingerprint, instruments, side, quantity, limitPriceTicks, project,
                    null);
        }
    }

    /**
     * An organization's credit limit as a platform administrator set it: how far below zero its available balance
     * may go for holds. Applies to the next order on; holds already taken stay (a lower limit only blocks new bids).
     */
    record SetCreditLimit(long inboxId, long organizationId, long creditLimitMinor) implements CoreCommand {
    }

    /** A buyer's spend limits, per order and per UTC day, in minor units; null for no limit. */
    record SetSpendLimits(long organizationId, Long perOrderMinor, Long perDayMinor) implements CoreCommand {
    }

    /**
     * The platform halts trading in one instrument, or in every instrument of a compute class when
     * {@code instrument} is null: new orders and amends there are refused ({@code market-halted}) until it resumes,
     * while cancels and expiry go on. {@code reason} and {@code haltedBy} are kept with the halt.
     */
    record Halt(CoreInstrument instrument, String computeClass, String reason, String haltedBy)
            implements CoreCommand {
    }

    /** Lifts the halt of an instrument ({@code instrumentId}) or, when that is null, of a compute class. */
    record Resume(Long instrumentId, String computeClass) implements CoreCommand {
    }
}
