package io.chronik.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's layering rules (DESIGN.md §1). */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.chronik.broker");

  @Test
  void shouldImportRatisOnlyFromRaftPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.chronik.broker.raft..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.ratis..")
        .check(CLASSES);
  }

  @Test
  void shouldImportKafkaOnlyFromProtocolLogGroupAndPartitionPackages() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.chronik.broker.kafka..",
            "io.chronik.broker.log..",
            "io.chronik.broker.group..",
            "io.chronik.broker.partition..",
            "io.chronik.broker.meta..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void shouldNotPrintToTheConsoleWhenInLibraryCode() {
    noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .check(CLASSES);
  }
}
