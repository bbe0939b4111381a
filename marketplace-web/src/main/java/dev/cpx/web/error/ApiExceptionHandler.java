package dev.cpx.web.error;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.api.input.BodyTooLargeException;
import dev.cpx.web.api.input.BoundedRecords;
import dev.cpx.web.api.input.JsonInputErrors;
import dev.cpx.web.api.input.RequestBodyLimitFilter;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps every failure of an API handler to a problem detail; bad input never becomes a 500. */
@RestControllerAdvice(basePackages = "dev.cpx.web.api")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Long enough for a market rebuild or a lease takeover to finish in the usual case. */
    private static final String RETRY_AFTER_SECONDS = "2";

    @ExceptionHandler(CpxException.class)
    ResponseEntity<ProblemDetail> refused(CpxException exception) {
        return respond(Problems.of(exception));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException exception) {
        String field = exception.getName();
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, "parameter " + field + " has an invalid value",
                List.of(new FieldError(field, "invalid value"))));
    }

    /** Tomcat could not decode a query or form parameter (a bad percent escape, not UTF-8). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException exception) {
        return respond(Problems.of(ErrorCode.MALFORMED_REQUEST,
                "a parameter is not percent-encoded UTF-8; encode the query as RFC 3986 says"));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException exception) {
        var errors = exception.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, "the request has invalid values", errors));
    }

    @ExceptionHandler(ObjectOptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> stale(ObjectOptimisticLockingFailureException exception) {
        return respond(Problems.of(ErrorCode.STALE_UPDATE, "the object changed meanwhile; reload and try again"));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException exception) {
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, exception.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        var errors = exception.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .toList();
        return ResponseEntity.status(400)
                .body(Problems.of(ErrorCode.VALIDATION_FAILED, "the request has invalid fields", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        var tooLarge = BodyTooLargeException.in(exception);
        if (tooLarge != null) {
            return ResponseEntity.status(413).body(RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()));
        }
        var refused = BoundedRecords.in(exception);
        if (refused != null) {
            return ResponseEntity.status(refused.errorCode().status()).body(Problems.of(refused));
        }
        return JsonInputErrors.of(exception)
                .map(error -> ResponseEntity.status(400).<Object>body(Problems.of(ErrorCode.MALFORMED_REQUEST,
                        (error.field().equals("body") ? "the body " : error.field() + " ") + error.message(),
                        List.of(error))))
                .orElseGet(() -> ResponseEntity.status(400).body(Problems.of(ErrorCode.MALFORMED_REQUEST,
                        "the body is missing or not JSON of the expected shape")));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
                                                          HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            var mapped = Problems.forStatus(statusCode.value(), problem.getDetail());
            return new ResponseEntity<>(mapped, headers, statusCode);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException exception) {
        return respond(Problems.of(ErrorCode.FORBIDDEN, "your organization or role may not do this"));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException exception) {
        return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer")
                .body(Problems.of(ErrorCode.UNAUTHENTICATED, "sign in or present a valid API key"));
    }

    /** The database is away or overloaded: a retryable 503, never a 500. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.TransientDataAccessException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception exception) {
        log.warn("Database unavailable for an API call: {}", exception.toString());
        return respond(Problems.of(ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable; retry shortly"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        var tooLarge = BodyTooLargeException.in(exception);
        if (tooLarge != null) {
            return respond(RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()));
        }
        log.error("Unexpected failure in an API handler", exception);
        var problem = Problems.forStatus(500, "an unexpected error occurred; it has been logged");
        problem.setTitle("Internal error");
        return respond(problem);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        var response = ResponseEntity.status(problem.getStatus());
        if (problem.getStatus() == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    private static String leaf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
