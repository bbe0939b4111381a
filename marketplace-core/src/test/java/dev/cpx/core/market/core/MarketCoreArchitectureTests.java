package dev.cpx.core.market.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cpx.core.ledger.AccountCodes;
import dev.cpx.core.ledger.AccountKind;
import dev.cpx.core.market.OrderStatus;
import org.junit.jupiter.api.Test;

/**
 * The market core stays pure: commands in, answers and a journal batch out, no framework, database, I/O or clock,
 * so replaying its journal gives the same state.
 */
class MarketCoreArchitectureTests {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cpx.core.market.core");

    @Test
    void coreDependsOnlyOnTheJdkCoreTheEngineAndPureValueTypes() {
        classes().that().resideInAPackage("dev.cpx.core.market.core..")
                .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java.lang..", "java.util..",
                                "java.math..", "java.time..", "it.unimi.dsi.fastutil..", "dev.cpx.core.engine..",
                                "dev.cpx.core.market.core..", "dev.cpx.core.money..", "dev.cpx.core.problem..")
                        .or(JavaClass.Predicates.belongToAnyOf(OrderStatus.class, AccountCodes.class,
                                AccountKind.class)))
                .because("the core's only inputs are its commands")
                .check(CORE);
    }

    @Test
    void coreNeverReadsTheClockOrDoesIo() {
        noClasses().that().resideInAPackage("dev.cpx.core.market.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "javax..",
                        "java.sql..", "java.io..", "java.nio..", "java.net..", "java.lang.reflect..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(CORE);
    }
}
