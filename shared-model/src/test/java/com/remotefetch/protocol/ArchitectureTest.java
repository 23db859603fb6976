package com.remotefetch.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** shared-model is the protocol and nothing else: no I/O, no network, nothing of ours. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.remotefetch.protocol");

    @Test
    void protocolDependsOnNothingOfOurs() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "com.remotefetch.server..", "com.remotefetch.agent..", "com.remotefetch.admin..").check(classes);
    }

    @Test
    void protocolDoesNoIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "java.nio.file..", "java.net..", "java.nio.channels..", "okhttp3..", "io.javalin..", "org.eclipse.jetty..")
                .check(classes);
    }
}
