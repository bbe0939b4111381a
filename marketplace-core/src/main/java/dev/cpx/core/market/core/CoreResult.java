package dev.cpx.core.market.core;

import dev.cpx.core.problem.ErrorCode;

/** What a command answered, computed by the core alone: the caller gets it once its batch committed. */
public sealed interface CoreResult {

    /** The order after the command; {@code created} is true only for a placement that made it. */
    record OrderAnswer(OrderSnapshot order, boolean created) implements CoreResult {
    }

    /** A rule refused the command; it changed nothing. */
    record Refused(ErrorCode code, String detail) implements CoreResult {
    }

    /** The client order id belongs to an order of an open instrument with the same terms: answer that order. */
    record Replay(long orderId) implements CoreResult {
    }

    /**
     * The client order id was probably used on an instrument that has closed (the core keeps only a hash of
     * those ids): the caller looks the order up and answers it or a conflict; nothing was placed.
     */
    record ClientOrderIdUsedBefore(long organizationId, String clientOrderId) implements CoreResult {
    }

    /** Cancel or amend of an order that is not live in the book: unknown, another organization's, or final. */
    record NotLive(long orderId) implements CoreResult {
    }

    /** A block order's children, in delivery order, after the command. */
    record BlockAnswer(java.util.List<OrderSnapshot> orders) implements CoreResult {
    }

    /** A command without an answer of its own (expiry, money, capacity) took effect. */
    record Applied() implements CoreResult {
    }

    default String outcome() {
        return switch (this) {
            case OrderAnswer answer -> (answer.created() ? "created " : "order ") + answer.order().id() + " "
                    + answer.order().status();
            case Refused refused -> "refused " + refused.code().code();
            case Replay replay -> "replay " + replay.orderId();
            case ClientOrderIdUsedBefore used -> "client order id used before";
            case NotLive notLive -> "not live " + notLive.orderId();
            case Applied applied -> "applied";
            case BlockAnswer block -> "block of " + block.orders().size() + " orders "
                    + block.orders().stream().map(o -> Long.toString(o.id())).collect(java.util.stream.Collectors.joining(","));
        };
    }
}
