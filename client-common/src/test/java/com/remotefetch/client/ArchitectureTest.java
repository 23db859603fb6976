package com.remotefetch.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** client-common's arrows (docs/ARCHITECTURE.md): used by the agent and the admin, it knows neither. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("com.remotefetch.client");

    @Test
    void clientCommonKnowsNoOtherModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.remotefetch.agent..",
                        "com.remotefetch.admin..", "com.remotefetch.server..", "com.remotefetch.protocol..")
                .because("the agent and the admin both depend on client-common; an arrow back would tie them together")
                .check(classes);
    }
}
