package io.chronik.cli.docgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManPagesTest {
  private static final Path COMMITTED = Path.of("..", "man");

  static List<String> pageNames() {
    return List.copyOf(ManPages.pages().keySet());
  }

  @Test
  void shouldGenerateOnePagePerCommandWhenRun() {
    // when
    Map<String, String> pages = ManPages.pages();

    // then
    assertThat(pages)
        .containsKeys(
            "chronik.1",
            "chronik-standalone.1",
            "chronik-topic.1",
            "chronik-topic-create.1",
            "chronik-topic-alter-config.1",
            "chronik-produce.1",
            "chronik-consume.1",
            "chronik-group-reset-offsets.1",
            "chronik-completion.1",
            "chronik-bench-produce.1",
            "chronik-version.1");
  }

  @ParameterizedTest
  @MethodSource("pageNames")
  void shouldDocumentExitCodesAndEnvironmentWhenPageIsGenerated(String name) {
    // when
    String page = ManPages.pages().get(name);

    // then
    assertThat(page)
        .contains(".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH EXAMPLES")
        .contains(".SH EXIT STATUS\n.TP\n\\fB0\\fR\n")
        .contains(expectedExitCodes(name))
        .contains(".SH ENVIRONMENT", "\\fBCHRONIK_DEBUG\\fR", "\\fBJAVA_HOME\\fR");
  }

  /**
   * doctor follows the monitoring-plugin convention; explain only explains; the rest share one
   * list.
   */
  private static String[] expectedExitCodes(String page) {
    List<String> codes =
        switch (page) {
          case "chronik-doctor.1" -> List.of("1", "2", "3", "64", "65");
          case "chronik-debug-bundle.1" -> List.of("1", "64", "69");
          case "chronik-explain.1" -> List.of("64");
          default -> List.of("1", "64", "65", "69");
        };
    return codes.stream().map(c -> "\\fB" + c + "\\fR\n").toArray(String[]::new);
  }

  @Test
  void shouldListOptionVariablesWhenCommandReadsEnvironment() {
    // when
    Map<String, String> pages = ManPages.pages();

    // then
    assertThat(pages.get("chronik-standalone.1"))
        .contains("\\fBCHRONIK_DATA_DIR\\fR\nSets \\-\\-data\\-dir when the flag is not given");
    assertThat(pages.get("chronik-consume.1")).contains("\\fBCHRONIK_BOOTSTRAP\\fR");
  }

  @Test
  void shouldMatchGeneratedPagesWhenCommittedPagesAreCurrent() throws Exception {
    // when
    List<String> differences = ManPages.differences(ManPages.pages(), COMMITTED);

    // then
    assertThat(differences).as("run " + ManPages.REGENERATE).isEmpty();
  }

  @Test
  void shouldReportStalePagesWhenCommittedCopyDiffers(@TempDir Path dir) throws Exception {
    // given
    Map<String, String> pages = ManPages.pages();
    for (Map.Entry<String, String> page : pages.entrySet()) {
      Files.writeString(dir.resolve(page.getKey()), page.getValue());
    }
    Files.writeString(dir.resolve("chronik-version.1"), "stale");
    Files.writeString(dir.resolve("chronik-gone.1"), "old");
    Files.delete(dir.resolve("chronik-produce.1"));

    // when
    List<String> differences = ManPages.differences(pages, dir);

    // then
    assertThat(differences)
        .containsExactlyInAnyOrder(
            "chronik-produce.1 missing",
            "chronik-version.1 changed",
            "chronik-gone.1 not generated");
  }

  @ParameterizedTest
  @MethodSource("pageNames")
  void shouldRenderWithoutWarningsWhenReadWithMan(String name, @TempDir Path dir) throws Exception {
    // given
    assumeTrue(onPath("man"), "man is not installed");
    Path page = dir.resolve(name);
    Files.writeString(page, ManPages.pages().get(name));

    // when
    ProcessBuilder builder =
        new ProcessBuilder("man", "--warnings=all", "-l", page.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("MANWIDTH", "80");
    builder.environment().put("MANPAGER", "cat");
    Process man = builder.start();
    String warnings = new String(man.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(man.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(man.exitValue()).isZero();
    assertThat(warnings).isEmpty();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && List.of(path.split(File.pathSeparator)).stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
