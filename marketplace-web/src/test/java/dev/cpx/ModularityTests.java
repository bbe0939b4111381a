package dev.cpx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/** The feature modules (explicitly annotated) depend on each other without cycles and only through their API. */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(CpxApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void featurePackagesAreTheModules() {
        assertThat(MODULES.stream().map(ApplicationModule::getBasePackage).map(p -> p.getName()))
                .contains("dev.cpx.core.catalog", "dev.cpx.core.identity")
                .doesNotContain("dev.cpx.core", "dev.cpx.web");
    }
}
