package com.remotefetch.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        noClasses().that().haveSimpleNameEndingWith("ViewModel").or().haveSimpleNameEndingWith("Item")
                .or().haveSimpleNameEndingWith("Job").or().haveSimpleNameEndingWith("Entry")
                .or().resideInAPackage("..admin.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "..admin.desktop..", "..admin.cli..")
                .because("view models hold the screen's logic and are tested without the FX thread;"
                        + " a view sits beside its view model in the feature folder and only it touches the scene graph")
                .check(classes);
    }

    @Test
    void onlyViewsTouchTheSceneGraph() {
        noClasses().that().resideInAnyPackage("..admin.api..", "..admin.secrets..", "..admin.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("the API client, the keychain and the CLI run where there is no display")
                .check(classes);
    }

    @Test
    void theApiClientKnowsNoUserInterface() {
        noClasses().that().resideInAPackage("..admin.api..").should().dependOnClassesThat()
                .resideInAnyPackage("..admin.cli..", "..admin.desktop..", "picocli..", "javafx..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.remotefetch.(**)").should().beFreeOfCycles()
                .because("each package of the admin tools is a feature with one direction of use (docs/ARCHITECTURE.md);"
                        + " a cycle, even through a root package, makes two features one")
                .check(classes);
    }

    @Test
    void theRootPackageHoldsOnlyTheMainClass() {
        classes().that().resideInAPackage("com.remotefetch.admin").and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("Main")
                .because("shared types in a root package are imported by features the root imports back,"
                        + " a cycle no slice rule would see")
                .check(classes);
    }
}
