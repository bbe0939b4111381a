package dev.cpx.core.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The engine stays pure Java: only the JDK's language and collection packages, fastutil and
 * itself. The package-info's module annotation is metadata for Spring Modulith and is left out.
 */
class EngineArchitectureTests {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cpx.core.engine");

    @Test
    void engineDependsOnlyOnTheJdkCoreFastutilAndItself() {
        ArchRule rule = classes()
                .that().resideInAPackage("dev.cpx.core.engine..")
                .and().doNotHaveSimpleName("package-info")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java.lang..", "java.util..", "it.unimi.dsi.fastutil..", "dev.cpx.core.engine..")
                .because("the engine takes commands and returns events, with no framework, clock or I/O");
        rule.check(ENGINE);
    }

    @Test
    void engineUsesNoFrameworkIoOrClock() {
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage("dev.cpx.core.engine..")
                .and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta..", "javax..", "java.sql..", "java.io..",
                        "java.nio..", "java.net..", "java.time..", "java.lang.reflect..");
        rule.check(ENGINE);
    }
}
