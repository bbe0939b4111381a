package dev.cpx.web.api.input;

/** A request body went past the configured maximum while it was read; answered 413. */
public final class BodyTooLargeException extends RuntimeException {

    private final long maxBytes;

    BodyTooLargeException(long maxBytes) {
        super("the request body is larger than " + maxBytes + " bytes", null, false, false);
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The limit that was exceeded, when this failure or one of its causes is a body that went too far. */
    public static BodyTooLargeException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
