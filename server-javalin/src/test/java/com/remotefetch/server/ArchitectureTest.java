package com.remotefetch.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows of docs/ARCHITECTURE.md for the server. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.remotefetch.server");

    @Test
    void serverNeverImportsAgentOrAdminCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.remotefetch.agent..", "com.remotefetch.admin..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.remotefetch.(**)").should().beFreeOfCycles()
                .because("each package of the server is a feature with one direction of use (docs/ARCHITECTURE.md);"
                        + " a cycle, even through a root package, makes two features one")
                .check(classes);
    }

    @Test
    void theRootPackageHoldsOnlyTheMainClass() {
        classes().that().resideInAPackage("com.remotefetch.server").and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("Main")
                .because("shared types in a root package are imported by features the root imports back,"
                        + " a cycle no slice rule would see")
                .check(classes);
    }

    @Test
    void theHubKnowsNothingOfHttpDownloads() {
        noClasses().that().resideInAPackage("..server.hub..").should().dependOnClassesThat()
                .resideInAnyPackage("..server.download..", "..server.api..", "io.javalin.http..").check(classes);
    }
}
