package dev.provenant.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module layering, stated as tests rather than agreed on. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.provenant");
    }

    /** A new mutation cannot ship without saying who may run it (readers are refused regardless). */
    @Test
    void everyGraphQlMutationDeclaresWhoMayRunIt() {
        methods()
                .that()
                .areAnnotatedWith(org.springframework.graphql.data.method.annotation.MutationMapping.class)
                .should()
                .beAnnotatedWith(org.springframework.security.access.prepost.PreAuthorize.class)
                .check(classes);
    }

    /** The old body-sniffing servlet filter must not come back: authorization is Spring Security's. */
    @Test
    void nothingInTheApiReadsARequestBodyToDecideAccess() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.api.auth..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("graphql.parser.Parser")
                .check(classes);
    }

    /** The run/replay engine is a client of the API: it knows nothing of the server or the CLI. */
    @Test
    void recorderKnowsNothingOfTheServerOrTheCli() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.recorder..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.provenant.api..", "dev.provenant.cli..", "dev.provenant.lineage..")
                .check(classes);
    }

    @Test
    void apiNeverDependsOnTheCli() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.provenant.cli..")
                .check(classes);
    }

    @Test
    void messagesImportNoAggregatesProjectionsApiOrCli() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.messages..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.provenant.lineage..", "dev.provenant.api..", "dev.provenant.cli..")
                .check(classes);
    }

    @Test
    void apiNeverTouchesAggregatesOrProjectionInternals() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.provenant.lineage..command..", "dev.provenant.lineage..projection..")
                .check(classes);
    }

    @Test
    void lineageServiceKnowsNothingOfApiOrCli() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.lineage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.provenant.api..", "dev.provenant.cli..")
                .check(classes);
    }

    @Test
    void artifactStoreKnowsNothingOfAxonSpringOrTheRestOfProvenant() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.artifacts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.axonframework..",
                        "org.springframework..",
                        "dev.provenant.messages..",
                        "dev.provenant.lineage..",
                        "dev.provenant.api..",
                        "dev.provenant.cli..")
                .check(classes);
    }

    @Test
    void projectionsDoNotUseAggregates() {
        noClasses()
                .that()
                .resideInAPackage("dev.provenant.lineage..projection..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.provenant.lineage..command..")
                .check(classes);
    }
}
