package io.chronik.broker.snapshot.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Only the object-store adapters import cloud SDKs (DESIGN.md §1). */
class SnapshotStoreArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.chronik");

  @Test
  void shouldImportCloudSdksOnlyFromStorePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.chronik.broker.snapshot.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon.awssdk..", "com.azure..")
        .check(CLASSES);
  }

  @Test
  void shouldKeepSdkTypesOutOfTheStoreApi() {
    noClasses()
        .that()
        .resideInAPackage("io.chronik.broker.snapshot.store..")
        .and()
        .haveSimpleNameNotStartingWith("S3")
        .and()
        .haveSimpleNameNotStartingWith("Azure")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon.awssdk..", "com.azure..")
        .check(CLASSES);
  }
}
