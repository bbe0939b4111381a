package dev.cpx.web.error;

/** What a filter may hand the error page when it forwards there itself. */
public final class ErrorPages {

    /** Request attribute: the sentence a 503 page shows instead of its generic one. */
    public static final String UNAVAILABLE_MESSAGE = ErrorPages.class.getName() + ".unavailableMessage";

    private ErrorPages() {
    }
}
