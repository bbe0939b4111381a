package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.EmbeddedAppTest;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint of ours declares who may call it, on the handler method or its class. */
@EmbeddedAppTest
class EndpointAccessDeclarationTests {

    private static final List<Class<? extends Annotation>> DECLARATIONS = List.of(PreAuthorize.class,
            PermitAll.class, RolesAllowed.class, DenyAll.class, TradeAccess.class);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    @Test
    void everyHandlerOfOursDeclaresItsAccess() {
        Map<RequestMappingInfo, HandlerMethod> ours = handlerMapping.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getValue().getBeanType().getPackageName().startsWith("dev.cpx"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        List<String> undeclared = ours.entrySet().stream()
                .filter(e -> !declared(e.getValue().getMethod()) && !declared(e.getValue().getBeanType()))
                .map(e -> e.getValue().getBeanType().getName() + "#" + e.getValue().getMethod().getName()
                        + " " + e.getKey())
                .sorted()
                .toList();

        assertThat(ours).as("handlers of dev.cpx found").isNotEmpty();
        assertThat(undeclared)
                .as("handlers without @PreAuthorize, @PermitAll, @RolesAllowed, @DenyAll or @TradeAccess on method or class")
                .isEmpty();
    }

    @Test
    void theCheckSeesAClassLevelDeclaration() {
        assertThat(handlerMapping.getHandlerMethods().values())
                .filteredOn(h -> h.getBeanType().getSimpleName().equals("AdminClockApi"))
                .isNotEmpty()
                .allMatch(h -> declared(h.getBeanType()));
    }

    private static boolean declared(AnnotatedElement element) {
        return DECLARATIONS.stream().anyMatch(a -> AnnotatedElementUtils.hasAnnotation(element, a));
    }
}
