package io.chronik.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chronik.cli.Chronik;
import io.chronik.diagnostics.checks.RecoveryPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * recovery.plan must print only commands this build has, with flags they take: every command shape
 * the plan can print is parsed by the real command line.
 */
class RecoveryPlanCommandsTest {

  @Test
  void shouldParseEveryCommandThatRecoveryPlanCanPrint() {
    // given
    List<List<String>> shapes = RecoveryPlan.commandShapes();

    // then
    assertThat(shapes).isNotEmpty();
    for (List<String> argv : shapes) {
      assertThat(argv.get(0)).isEqualTo("chronik");
      CommandLine commandLine =
          Chronik.create(
              new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of());
      String[] args = argv.subList(1, argv.size()).toArray(String[]::new);
      assertThatCode(() -> commandLine.parseArgs(args))
          .as(String.join(" ", argv))
          .doesNotThrowAnyException();
    }
  }
}
