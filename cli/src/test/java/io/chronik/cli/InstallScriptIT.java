package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/install.sh PREFIX} with the executable the build made. */
class InstallScriptIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = ROOT.resolve("scripts/install.sh");

  @TempDir Path prefix;

  record Result(int exitCode, String out, String err) {}

  private static Result run(Path directory, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, err);
  }

  @Test
  void shouldInstallExecutableManPagesAndCompletionWhenPrefixIsGiven() throws Exception {
    // when
    Result install = run(prefix, "bash", SCRIPT.toString(), prefix.toString());

    // then
    assertThat(install.exitCode()).as(install.err()).isZero();
    Path binary = prefix.resolve("bin/chronik");
    assertThat(Files.isExecutable(binary)).isTrue();
    try (Stream<Path> pages = Files.list(ROOT.resolve("man"))) {
      for (Path page : pages.toList()) {
        assertThat(prefix.resolve("share/man/man1").resolve(page.getFileName()))
            .hasSameTextualContentAs(page);
      }
    }
    assertThat(prefix.resolve("share/man/man1/chronik-standalone.1")).exists();
    assertThat(Files.readString(prefix.resolve("share/bash-completion/completions/chronik")))
        .contains("complete -F _complete_chronik");
    Result version = run(prefix, binary.toString(), "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("chronik ");
    assertThat(version.err()).isEmpty();
  }

  @Test
  void shouldDumpClassDataArchiveForInstalledExecutableWhenInstalling() throws Exception {
    // when
    Result install = run(prefix, "bash", SCRIPT.toString(), prefix.toString());

    // then: the installed file starts from its own archive, not the build's
    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(prefix.resolve("bin/chronik.jsa")).exists();
    assertThat(install.out()).contains("AppCDS archive " + prefix.resolve("bin/chronik.jsa"));
    ProcessBuilder builder =
        new ProcessBuilder(prefix.resolve("bin/chronik").toString(), "version")
            .directory(prefix.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CHRONIK_JAVA_OPTS", "-Xlog:class+load");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).contains("io.chronik.cli.Main source: shared objects file");
  }

  @Test
  void shouldExplainWhenExecutableIsNotBuilt(@TempDir Path checkout) throws Exception {
    // given: a checkout without cli/target
    Files.createDirectories(checkout.resolve("scripts"));
    Files.copy(SCRIPT, checkout.resolve("scripts/install.sh"));

    // when
    Result install =
        run(checkout, "bash", checkout.resolve("scripts/install.sh").toString(), prefix.toString());

    // then
    assertThat(install.exitCode()).isEqualTo(1);
    assertThat(install.err().lines().toList())
        .containsExactly(
            "install.sh: error: " + checkout.toRealPath() + "/cli/target/chronik is not built",
            "hint: build it first with 'mvn -B -q package -DskipTests' in "
                + checkout.toRealPath());
    assertThat(Files.exists(prefix.resolve("bin/chronik"))).isFalse();
  }

  @Test
  void shouldExitWithUsageErrorWhenGivenTwoPrefixes() throws Exception {
    // when
    Result install = run(prefix, "bash", SCRIPT.toString(), "/a", "/b");

    // then
    assertThat(install.exitCode()).isEqualTo(64);
    assertThat(List.of(install.err().split("\n"))).first().asString().contains("too many");
  }
}
