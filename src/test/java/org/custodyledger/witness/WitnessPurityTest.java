package org.custodyledger.witness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §9: witness/ is pure, like merkle/ and note/ — the JDK, Bouncy Castle and the pure
 * core only. (Until ArchitectureTest lists witness/ among the pure packages, this holds the rule.)
 */
class WitnessPurityTest {
    @Test
    void witnessUsesOnlyTheJdkBouncyCastleAndThePureCore() {
        JavaClasses witness = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.custodyledger.witness");
        classes().that().resideInAPackage("org.custodyledger.witness..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.bouncycastle..",
                        "org.custodyledger.witness..", "org.custodyledger.merkle..", "org.custodyledger.note..",
                        "org.custodyledger.hash..")
                .check(witness);
    }
}
