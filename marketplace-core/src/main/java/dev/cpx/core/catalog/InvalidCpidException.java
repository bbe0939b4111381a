package dev.cpx.core.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * A text that is not a valid {@link Cpid}. {@link #part()} names the part that is wrong so the
 * edge can report it as a field error; the message says what was expected.
 */
public final class InvalidCpidException extends IllegalArgumentException {

    public static final String FORMAT = "format";
    public static final String VERSION = "version";
    public static final String REGION = "region";
    public static final String PROVIDER = "provider";
    public static final String SITE = "site";
    public static final String NODE = "node";
    public static final String CHECK = "check";

    private static final Set<String> PARTS = Set.of(FORMAT, VERSION, REGION, PROVIDER, SITE, NODE, CHECK);

    private final String part;

    InvalidCpidException(String part, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (!PARTS.contains(part)) {
            throw new IllegalArgumentException("unknown CPID part: " + part);
        }
        this.part = part;
    }

    /** One of {@code format, version, region, provider, site, node, check}. */
    public String part() {
        return part;
    }
}
