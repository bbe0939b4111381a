package dev.cpx.settlement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Rating, netting and statement arithmetic stay pure: no framework, database, I/O or clock, so that every rule
 * can be tested alone on seeded data. Their package-info module annotations are metadata and are left out.
 */
class SettlementArithmeticArchitectureTests {

    private static final JavaClasses ARITHMETIC = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cpx.settlement.rating", "dev.cpx.settlement.netting", "dev.cpx.settlement.statement");

    @Test
    void ratingNettingAndStatementsUseNoFrameworkDatabaseIoOrClock() {
        noClasses().that().resideInAnyPackage("dev.cpx.settlement.rating", "dev.cpx.settlement.netting",
                        "dev.cpx.settlement.statement")
                .and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "javax..",
                        "java.sql..", "java.io..", "java.net..", "java.nio.file..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "instant")
                .because("the arithmetic of settlement is a pure function of its inputs")
                .check(ARITHMETIC);
    }
}
