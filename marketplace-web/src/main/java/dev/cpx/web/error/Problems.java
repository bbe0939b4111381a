package dev.cpx.web.error;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** The single mapping from an error code to an RFC 9457 problem detail. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:cpx:problem:";

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        return of(code, detail, List.of());
    }

    public static ProblemDetail of(ErrorCode code, String detail, List<CpxException.FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(URI.create(TYPE_PREFIX + code.code()));
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors.stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList());
        }
        return problem;
    }

    public static ProblemDetail of(CpxException exception) {
        var problem = of(exception.errorCode(), exception.detail(), exception.errors());
        exception.properties().forEach(problem::setProperty);
        return problem;
    }

    /** Problem for a status the platform did not name itself (framework-raised 404, 405, 415...). */
    public static ProblemDetail forStatus(int status, String detail) {
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> null;
        };
        if (code != null) {
            return of(code, detail);
        }
        var problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        HttpStatus known = HttpStatus.resolve(status);
        problem.setType(URI.create(TYPE_PREFIX + "http-" + status));
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        problem.setProperty("code", "http-" + status);
        return problem;
    }
}
