package dev.cpx.web.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * One endpoint of the running application as its request mapping knows it: method, path pattern and handler.
 * Tests that must cover every endpoint read the list from here, so an endpoint added later is included without
 * anyone remembering to add it. A mapping without a method is listed once as {@code ANY}.
 */
public record Endpoint(String method, String path, List<String> produces, HandlerMethod handler) {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** The endpoints whose handlers are ours (package {@code dev.cpx}), sorted by path and method. */
    public static List<Endpoint> ofApplication(RequestMappingHandlerMapping mapping) {
        var endpoints = new ArrayList<Endpoint>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("dev.cpx")) {
                endpoints.addAll(of(info, handler));
            }
        });
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return List.copyOf(endpoints);
    }

    private static List<Endpoint> of(RequestMappingInfo info, HandlerMethod handler) {
        List<String> methods = info.getMethodsCondition().getMethods().stream().map(Enum::name).sorted().toList();
        List<String> produces = info.getProducesCondition().getProducibleMediaTypes().stream()
                .map(Object::toString).toList();
        var endpoints = new ArrayList<Endpoint>();
        for (String path : info.getPatternValues()) {
            for (String method : methods.isEmpty() ? List.of("ANY") : methods) {
                endpoints.add(new Endpoint(method, path, produces, handler));
            }
        }
        return endpoints;
    }

    /** {@code GET /api/v1/orders/{orderId}}: how tables and messages name the endpoint. */
    public String key() {
        return method + " " + path;
    }

    public boolean isApi() {
        return path.startsWith("/api/");
    }

    public boolean isWrite() {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** The names in the path pattern's braces, in order. */
    public List<String> pathVariables() {
        var names = new ArrayList<String>();
        Matcher matcher = VARIABLE.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The path with each variable replaced by what {@code value} gives for its name. */
    public String fill(Function<String, String> value) {
        return VARIABLE.matcher(path).replaceAll(m -> Matcher.quoteReplacement(value.apply(m.group(1))));
    }

    /** The query parameters the handler reads ({@code @RequestParam} arguments), by name. */
    public List<String> queryParameters() {
        var names = new ArrayList<String>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String name = !param.name().isEmpty() ? param.name() : param.value();
            if (name.isEmpty() || ValueConstants.DEFAULT_NONE.equals(name)) {
                parameter.initParameterNameDiscovery(NAMES);
                name = parameter.getParameterName();
            }
            names.add(name);
        }
        return names;
    }

    @Override
    public String toString() {
        return key();
    }
}
