package com.remotefetch.agent;

import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows of docs/ARCHITECTURE.md for the agent. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.remotefetch.agent");

    @Test
    void agentNeverImportsServerOrAdminCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.remotefetch.server..", "com.remotefetch.admin..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.remotefetch.(**)").should().beFreeOfCycles()
                .because("each package of the agent is a feature with one direction of use (docs/ARCHITECTURE.md);"
                        + " a cycle, even through a root package, makes two features one")
                .check(classes);
    }

    @Test
    void theRootPackageHoldsOnlyTheMainClass() {
        classes().that().resideInAPackage("com.remotefetch.agent").and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("Main")
                .because("shared types in a root package are imported by features the root imports back,"
                        + " a cycle no slice rule would see")
                .check(classes);
    }

    /** File contents are opened only by agent.share; agent.config opens only its lock file. */
    @Test
    void onlyTheShareFeatureOpensFiles() {
        noClasses().that().resideOutsideOfPackages("..agent.share..", "..agent.config..").should()
                .callMethod(FileChannel.class, "open", Path.class,
                        OpenOption[].class)
                .check(classes);
    }
}
