package com.remotefetch.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The arrows of docs/ARCHITECTURE.md for the admin tools. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.remotefetch.admin");

    @Test
    void adminTalksToTheServerOnlyThroughItsHttpApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "com.remotefetch.server..", "com.remotefetch.agent..", "com.remotefetch.protocol..").check(classes);
    }

    @Test
    void viewModelsImportNoSceneGraphAndNoView() {
        noClasses().that().resideInAnyPackage("..admin.agents..", "..admin.downloads..", "..admin.connect..", "..admin.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "..admin.desktop..", "..admin.cli..")
                .check(classes);
    }

    @Test
    void theApiClientKnowsNoUserInterface() {
        noClasses().that().resideInAPackage("..admin.api..").should().dependOnClassesThat()
                .resideInAnyPackage("..admin.cli..", "..admin.desktop..", "picocli..", "javafx..").check(classes);
    }
}
