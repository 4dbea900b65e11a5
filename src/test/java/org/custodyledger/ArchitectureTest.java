package org.custodyledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md §3: the pure core imports neither Vert.x nor JDBC; dependencies flow one way. */
class ArchitectureTest {
    /** DESIGN.md §3 and §9: computable without I/O, reusable by the offline CLI and third parties. */
    private static final String[] PURE = {"..hash..", "..merkle..", "..note..", "..custody..", "..verify..", "..witness..", "..complaint..", "..timestamp.."};
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.custodyledger");

    @Test
    void pureCoreUsesNeitherVertxNorSql() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.sql..", "javax.sql..")
                .check(MAIN);
    }

    @Test
    void pureCoreNeedsOnlyTheJdkBouncyCastleAndItself() {
        String[] allowed = new String[PURE.length + 2];
        allowed[0] = "java..";
        allowed[1] = "org.bouncycastle..";
        System.arraycopy(PURE, 0, allowed, 2, PURE.length);
        classes().that().resideInAnyPackage(PURE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .check(MAIN);
    }

    @Test
    void onlyTheEdgesAndServicesKnowTheMetricsLibrary() {
        // The core stays reusable offline; storage reports through Sequencer.BatchListener instead.
        noClasses().that().resideInAnyPackage(PURE).or().resideInAnyPackage("..storage..", "..footage..", "..config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(MAIN);
    }

    @Test
    void storageAndFootageNeverMeetExceptInService() {
        noClasses().that().resideInAPackage("..storage..")
                .should().dependOnClassesThat().resideInAnyPackage("..footage..", "..service..", "..http..", "..cli..")
                .check(MAIN);
        // Qualified: the AWS SDK's own software.amazon.awssdk.http.. packages are not our edge.
        noClasses().that().resideInAPackage("..footage..")
                .should().dependOnClassesThat().resideInAnyPackage("org.custodyledger.storage..",
                        "org.custodyledger.service..", "org.custodyledger.http..", "org.custodyledger.cli..")
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void theWitnessServerCoreIsPlainJava() {
        // witnessd/ (a witness's durable state and protocol, blocking file I/O) is called by http/ and cli/, never the reverse.
        noClasses().that().resideInAPackage("..witnessd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "..http..", "..cli..", "..service..",
                        "..storage..", "..footage..", "..config..")
                .check(MAIN);
    }

    @Test
    void sharedRecordsDependOnNoLayer() {
        noClasses().that().resideInAPackage("..model..")
                .should().dependOnClassesThat().resideInAnyPackage("..storage..", "..footage..", "..service..", "..http..",
                        "..cli..", "..config..")
                .check(MAIN);
    }

    @Test
    void httpKnowsNothingOfStorage() {
        // The edge reaches the database only through service/; shared records live in model/.
        noClasses().that().resideInAPackage("..http..")
                .should().dependOnClassesThat().resideInAPackage("..storage..")
                .check(MAIN);
    }

    @Test
    void serviceKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("..service..")
                .should().dependOnClassesThat().resideInAnyPackage("..http..", "..cli..", "io.vertx.ext.web..")
                .check(MAIN);
        noClasses().that().resideInAPackage("..http..")
                .should().dependOnClassesThat().resideInAnyPackage("..cli..")
                .check(MAIN);
    }
}
