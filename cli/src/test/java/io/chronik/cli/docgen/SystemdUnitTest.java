package io.chronik.cli.docgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chronik.cli.Chronik;
import io.chronik.cli.CliRun;
import io.chronik.cli.config.Setting;
import io.chronik.cli.config.Settings;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/systemd: the unit passes systemd's own check, and its environment file is all known. */
class SystemdUnitTest {
  private static final Path UNIT = Path.of("..", "scripts", "systemd", "chronik.service");
  private static final Path EXAMPLE = Path.of("..").resolve(EnvironmentFileExample.PATH);
  private static final Pattern ASSIGNMENT = Pattern.compile("^(#?)([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

  private static Map<String, String> assignments(boolean setOnly) throws Exception {
    Map<String, String> found = new LinkedHashMap<>();
    for (String line : Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8)) {
      Matcher m = ASSIGNMENT.matcher(line);
      if (m.matches() && (!setOnly || m.group(1).isEmpty())) {
        found.put(m.group(2), m.group(3));
      }
    }
    return found;
  }

  private static List<Setting> settings() {
    return Settings.all(
        Chronik.create(
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of())
            .getCommandSpec());
  }

  @Test
  void shouldPassSystemdVerifyWhenAnalyzerIsInstalled(@TempDir Path dir) throws Exception {
    // given: the unit, with ExecStart pointing at an executable that exists here
    assumeTrue(
        onPath("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
    Path executable = dir.resolve("chronik");
    Files.writeString(executable, "#!/bin/sh\nexit 0\n");
    assertThat(executable.toFile().setExecutable(true)).isTrue();
    Path unit = dir.resolve("chronik.service");
    Files.writeString(
        unit, Files.readString(UNIT).replace("/usr/local/bin/chronik", executable.toString()));

    // when
    Process verify =
        new ProcessBuilder("systemd-analyze", "verify", "--man=no", unit.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // then
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(output).isZero();
    assertThat(output).as("systemd-analyze warnings").isBlank();
  }

  @Test
  void shouldRestartOnFailureAsDedicatedUserWhenUnitIsRead() throws Exception {
    // when
    String unit = Files.readString(UNIT);

    // then
    assertThat(unit)
        .contains("\nRestart=on-failure\n")
        .containsPattern("\nLimitNOFILE=\\d+\n")
        .contains("\nEnvironmentFile=/etc/chronik/chronik.env\n")
        .contains("\nUser=chronik\n")
        .contains("\nExecStart=/usr/local/bin/chronik standalone\n")
        .contains("\nProtectSystem=strict\n")
        .contains("\nReadWritePaths=" + assignments(true).get("CHRONIK_DATA_DIR") + "\n");
  }

  @Test
  void shouldKnowEveryVariableWhenReadingEnvironmentExample() throws Exception {
    // given
    Set<String> known =
        settings().stream().map(Setting::env).filter(v -> v != null).collect(Collectors.toSet());

    // when
    Map<String, String> example = assignments(false);

    // then
    assertThat(example.keySet()).isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));
    settings().stream()
        .filter(s -> s.scope() == Setting.Scope.NODE)
        .forEach(s -> assertThat(example).as("the example lists " + s.env()).containsKey(s.env()));
  }

  @Test
  void shouldBeValidNodeSettingsWhenExampleValuesAreUsed() throws Exception {
    // given: the lines a node must set, as systemd would pass them
    Map<String, String> env = assignments(true);

    // when
    CliRun run = CliRun.run(env, "config", "show", "-o", "json");

    // then
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(env).containsKeys("CHRONIK_RAFT", "CHRONIK_NODE_ID", "CHRONIK_RAFT_PEERS");
    assertThat(run.out())
        .contains("\"key\":\"peers\",\"flag\":\"--peers\",\"env\":\"CHRONIK_RAFT_PEERS\"");
  }

  @Test
  void shouldMatchGeneratedExampleWhenCommittedCopyIsCurrent() throws Exception {
    // then
    assertThat(Files.readString(EXAMPLE, StandardCharsets.UTF_8))
        .as(
            "%s is out of date; regenerate it with: %s",
            EnvironmentFileExample.PATH, ManPages.REGENERATE)
        .isEqualTo(ManPages.environmentFile());
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && List.of(path.split(File.pathSeparator)).stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
