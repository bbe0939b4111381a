package dev.cpx.settlement.payout;

/**
 * A way money leaves the platform for an organization. Called outside any database transaction, with the payout's
 * own idempotency key, so a call repeated after no answer never pays twice.
 */
public interface PayoutRail {

    PayoutRailKind kind();

    /** Hands one payout, already debited from the wallet, to the rail. */
    Outcome send(Transfer transfer);

    /** What to send: the amount, to whom, and the key that makes a repeated call the same call. */
    record Transfer(long payoutId, long periodId, String organization, long amountMinor, String currency,
                    String stripeAccountId, String idempotencyKey) {
    }

    /** What the rail answered. */
    sealed interface Outcome {
    }

    /** Taken: the rail's own reference (a Stripe transfer id, a bank file's message id). */
    record Sent(String reference) implements Outcome {
    }

    /** No answer, a rate limit or the rail's own trouble: the same call may well succeed later. */
    record Retry(String reason) implements Outcome {
    }

    /** Refused for good (a bad destination, an account not able to receive): the money goes back to the wallet. */
    record Failed(String reason) implements Outcome {
    }

    /** Nothing to call now: the payout waits for the next bank file. */
    record Batched() implements Outcome {
    }
}
