package io.chronik.diagnostics.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.Checks;
import io.chronik.diagnostics.Playbooks;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.errors.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The build check for the generated docs: docs/troubleshooting.md and the error table of
 * docs/exit-codes.md must be what {@link DocsGenerator} makes of the current definitions. The
 * generated versions also land in target/generated-docs for a diff. Run with {@code
 * -Dchronik.docs.write=true} to update the committed files.
 */
class GeneratedDocsTest {
  private static final Path ROOT = Path.of(System.getProperty("chronik.root", ".."));
  private static final boolean WRITE = Boolean.getBoolean("chronik.docs.write");

  @Test
  void shouldMatchCommittedTroubleshootingGuideWhenDefinitionsChange() throws IOException {
    // when
    String generated = DocsGenerator.troubleshooting();

    // then
    compare(ROOT.resolve("docs/troubleshooting.md"), generated);
  }

  @Test
  void shouldMatchCommittedErrorTableWhenCatalogueChanges() throws IOException {
    // given
    Path file = ROOT.resolve("docs/exit-codes.md");

    // when
    String generated = DocsGenerator.exitCodes(Files.readString(file, StandardCharsets.UTF_8));

    // then
    compare(file, generated);
  }

  @Test
  void shouldHaveChapterForEveryPlaybookCheckAndCodeWhenGenerated() {
    // when
    String guide = DocsGenerator.troubleshooting();

    // then
    Playbooks.all()
        .forEach(p -> assertThat(guide).contains("## " + p.name() + ": " + p.title() + "\n"));
    Checks.ids().forEach(id -> assertThat(guide).contains("### " + id + "\n"));
    ErrorCatalogue.all().stream()
        .map(ErrorCode::code)
        .forEach(code -> assertThat(guide).contains("### " + code + "\n"));
  }

  @Test
  void shouldMakeGithubAnchorsWhenLinking() {
    // then
    assertThat(DocsGenerator.anchor("node.reachable")).isEqualTo("nodereachable");
    assertThat(DocsGenerator.anchor("quick: Quick health check"))
        .isEqualTo("quick-quick-health-check");
    assertThat(DocsGenerator.anchor("CHR-1202")).isEqualTo("chr-1202");
  }

  private static void compare(Path committed, String generated) throws IOException {
    Path copy = Path.of("target/generated-docs").resolve(committed.getFileName());
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, generated, StandardCharsets.UTF_8);
    if (WRITE) {
      Files.writeString(committed, generated, StandardCharsets.UTF_8);
    }
    String current =
        Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
    assertThat(current)
        .as(
            "%s is out of date with the playbooks, checks and error catalogue; the generated"
                + " version is %s. Regenerate it with: %s",
            ROOT.relativize(committed), copy.toAbsolutePath(), DocsGenerator.REGENERATE)
        .isEqualTo(generated);
  }
}
