package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VersionCommandTest {

  @Test
  void shouldPrintJsonWithVersionCommitAndJavaWhenOutputIsJson() throws Exception {
    // when
    CliRun run = CliRun.run("version", "-o", "json");

    // then
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.isObject()).isTrue();
    assertThat(json.properties())
        .extracting(e -> e.getKey())
        .containsExactly("version", "commit", "java");
    assertThat(json.get("version").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(json.get("commit").asText()).isNotBlank();
    assertThat(json.get("java").asText()).contains(System.getProperty("java.runtime.version"));
  }

  @Test
  void shouldAcceptUpperCaseFormatWhenOutputIsGiven() {
    // when
    CliRun run = CliRun.run("version", "--output=JSON");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("{");
  }

  @Test
  void shouldPrintTextLinesWhenOutputIsDefault() {
    // when
    CliRun run = CliRun.run("version");

    // then
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("chronik "))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("commit:"))
        .satisfies(lines -> assertThat(lines.get(2)).startsWith("java:"));
  }

  @Test
  void shouldExitWithUsageErrorWhenFormatIsUnknown() {
    // when
    CliRun run = CliRun.run("version", "-o", "yaml");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).contains("'yaml'");
  }
}
