package dev.cpx.core.problem;

/**
 * Every refusal the platform can answer with, each with its HTTP status, a stable code that clients may
 * switch on, and a short title. The web layer maps these to RFC 9457 problem details in one place.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "validation-failed", "The request is not valid"),
    MALFORMED_REQUEST(400, "malformed-request", "The request could not be read"),
    INVALID_CPID(400, "invalid-cpid", "Invalid resource identifier"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_OWNER(403, "not-owner", "The resource belongs to another organization"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "Conflict"),
    ALREADY_EXISTS(409, "already-exists", "Already exists"),
    STALE_UPDATE(409, "stale-update", "Changed by someone else"),
    ORDER_FINAL(409, "order-final", "The order is already final"),
    IDEMPOTENCY_CONFLICT(409, "idempotency-conflict", "Client order id reused with a different order"),
    QUOTE_UNAVAILABLE(409, "quote-unavailable", "The quote can no longer be bought"),
    QUOTE_EXPIRED(410, "quote-expired", "The quote has expired"),
    UNKNOWN_COMPUTE_CLASS(422, "unknown-compute-class", "Unknown compute class"),
    UNKNOWN_REGION(422, "unknown-region", "Unknown region"),
    SITE_IN_OTHER_REGION(422, "site-in-other-region", "Site belongs to another region"),
    LIMIT_EXCEEDED(422, "limit-exceeded", "A limit was exceeded"),
    INSUFFICIENT_FUNDS(422, "insufficient-funds", "Insufficient funds"),
    NO_CAPACITY(422, "no-capacity", "Not enough unsold capacity"),
    MARKET_CLOSED(422, "market-closed", "The instrument is not open for trading"),
    MARKET_HALTED(422, "market-halted", "Trading in the instrument is halted"),
    INVALID_PRICE(422, "invalid-price", "Invalid price"),
    INVALID_QUANTITY(422, "invalid-quantity", "Invalid quantity"),
    QUANTITY_INCREASE(422, "quantity-increase", "An amend cannot raise the quantity"),
    ALLOCATION_REFUSED(422, "allocation-refused", "The nodes cannot serve this contract"),
    DISPUTE_WINDOW_CLOSED(422, "dispute-window-closed", "The period's dispute window has ended"),
    ADJUSTMENT_EXCEEDS_LINE(422, "adjustment-exceeds-line", "The adjustment is larger than the disputed line"),
    PAYMENT_REFUSED(422, "payment-refused", "The payment provider refused"),
    PRICE_BAND(422, "price-band", "The price is too far from the reference price"),
    OPEN_ORDER_LIMIT(422, "open-order-limit", "Too many open orders in this book"),
    SPEND_LIMIT(422, "spend-limit", "The order would pass a spend limit"),
    BLOCK_NOT_FILLABLE(422, "block-not-fillable", "The block cannot be filled whole within its limit"),
    MARKET_UNAVAILABLE(503, "market-unavailable", "The market cannot run right now; retry shortly"),
    MARKET_BUSY(503, "market-busy", "The market is busy; retry shortly"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Temporarily unavailable; retry shortly"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large");

    private final int status;
    private final String code;
    private final String title;

    ErrorCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
