package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void shouldLogInfoWhenTheCommandRunsANode() {
    // given / when / then
    assertThat(Main.defaultLogLevel("standalone", "--raft")).isEqualTo("INFO");
    assertThat(Main.defaultLogLevel("dev-cluster", "--nodes", "3")).isEqualTo("INFO");
  }

  @Test
  void shouldLogOnlyWarningsWhenTheCommandIsAClient() {
    // given / when / then
    assertThat(Main.defaultLogLevel("snapshot", "restore", "--from", "file:///b"))
        .isEqualTo("WARN");
    assertThat(Main.defaultLogLevel("-v", "doctor")).isEqualTo("WARN");
    assertThat(Main.defaultLogLevel()).isEqualTo("WARN");
  }
}
