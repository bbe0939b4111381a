package dev.cpx.core.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one exception type for business refusals: a rule of the platform said no. Carries the error code,
 * an actionable detail for the caller and, for validation, the offending fields.
 */
public class CpxException extends RuntimeException {

    private final ErrorCode errorCode;
    private final List<FieldError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public CpxException(ErrorCode errorCode, String detail) {
        this(errorCode, detail, List.of());
    }

    public CpxException(ErrorCode errorCode, String detail, List<FieldError> errors) {
        super(detail);
        this.errorCode = errorCode;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Adds a machine-readable extension member to the problem detail, such as the CPID part at fault. */
    public CpxException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    /** The id is quoted short and printable: it comes from the request (a path may be kilobytes long). */
    public static CpxException notFound(String what, Object id) {
        return new CpxException(ErrorCode.NOT_FOUND, what + " " + shortened(String.valueOf(id)) + " does not exist");
    }

    private static final int MAX_QUOTED_ID_CHARS = 64;

    private static String shortened(String id) {
        var shown = new StringBuilder();
        id.codePoints().limit(MAX_QUOTED_ID_CHARS).forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return id.codePointCount(0, id.length()) > MAX_QUOTED_ID_CHARS ? shown + "..." : shown.toString();
    }

    /** One field that failed validation, named as the client sent it. */
    public record FieldError(String field, String message) {
    }
}
