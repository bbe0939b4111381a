package dev.cpx.web.api.input;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code @RequestBody} of a {@link DirectJson} type straight from the request with the application's strict
 * mapper and checks its bean constraints without a data binder. Every refusal is the exception Spring MVC's own
 * resolver would throw (415, unreadable body, invalid fields), so the API answers exactly as before.
 */
final class DirectJsonBodyResolver implements HandlerMethodArgumentResolver {

    private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_JSON,
            new MediaType("application", "*+json"));

    private final JsonMapper json;
    private final Validator validator;

    DirectJsonBodyResolver(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(RequestBody.class)
                && parameter.getParameterType().isAnnotationPresent(DirectJson.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws Exception {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        checkContentType(request);
        var input = new ServletServerHttpRequest(request);
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e, input);
        }
        if (body.length == 0) {
            throw new HttpMessageNotReadableException("Required request body is missing: "
                    + parameter.getExecutable().toGenericString(), input);
        }
        Object value;
        try {
            value = json.readerFor(parameter.getParameterType()).readValue(body);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, input);
        }
        validate(parameter, value);
        return value;
    }

    private static void checkContentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        MediaType contentType;
        try {
            contentType = request.getContentType() == null ? MediaType.APPLICATION_OCTET_STREAM
                    : MediaType.parseMediaType(request.getContentType());
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException(e.getMessage(), SUPPORTED);
        }
        if (SUPPORTED.stream().noneMatch(type -> type.includes(contentType))) {
            throw new HttpMediaTypeNotSupportedException(contentType, SUPPORTED,
                    HttpMethod.valueOf(request.getMethod()));
        }
    }

    private void validate(MethodParameter parameter, Object value) throws MethodArgumentNotValidException {
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return;
        }
        String name = parameter.getParameterName() == null ? "body" : parameter.getParameterName();
        var result = new BeanPropertyBindingResult(value, name);
        violations.stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString()))
                .forEach(v -> result.addError(new FieldError(name, v.getPropertyPath().toString(),
                        v.getInvalidValue(), false,
                        new String[] {v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()},
                        null, v.getMessage())));
        throw new MethodArgumentNotValidException(parameter, result);
    }
}
