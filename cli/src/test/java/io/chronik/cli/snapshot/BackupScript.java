package io.chronik.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scripts/backup.sh run as cron runs it: a process of the script, with none of the settings it
 * reads inherited from the test's environment, only those in {@code env}.
 */
final class BackupScript {
  static final Path SCRIPT = Path.of("../scripts/backup.sh").toAbsolutePath().normalize();

  /** What a run of the script printed, and its exit code. */
  record Result(int exitCode, String out, String err) {}

  private BackupScript() {}

  static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    for (String name :
        List.of(
            "CHRONIK_ADMIN",
            "CHRONIK_SNAPSHOT_STORE",
            "CHRONIK_SNAPSHOT_RETENTION_COUNT",
            "CHRONIK_JAVA_OPTS",
            "CHRONIK_BIN")) {
      builder.environment().remove(name);
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, err);
  }
}
