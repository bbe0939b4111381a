package dev.cpx.web.api.input;

import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link DirectJsonBodyResolver} ahead of Spring MVC's own {@code @RequestBody} resolver. */
@Configuration(proxyBeanMethods = false)
class DirectJsonConfiguration {

    @Bean
    SmartInitializingSingleton directJsonBodiesFirst(
            @Qualifier("requestMappingHandlerAdapter") RequestMappingHandlerAdapter adapter, JsonMapper json,
            Validator validator) {
        return () -> {
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            resolvers.add(new DirectJsonBodyResolver(json, validator));
            resolvers.addAll(adapter.getArgumentResolvers());
            adapter.setArgumentResolvers(resolvers);
        };
    }
}
