package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsageErrorHandlerTest {

  @Test
  void shouldKeepSuggestionWhenItIsATypo() {
    // when
    List<String> close =
        UsageErrorHandler.close("--kafka-prot", List.of("--kafka-port", "--raft-port"));

    // then
    assertThat(close).containsExactly("--kafka-port");
  }

  @Test
  void shouldDropSuggestionsWhenTheyAreFarOff() {
    // when
    List<String> close = UsageErrorHandler.close("nosuchcmd", List.of("bench", "version"));

    // then
    assertThat(close).isEmpty();
  }

  @Test
  void shouldKeepSuggestionWhenTypedIsAPrefix() {
    // when
    List<String> close = UsageErrorHandler.close("--retention", List.of("--retention-ms"));

    // then
    assertThat(close).containsExactly("--retention-ms");
  }

  @Test
  void shouldCountEditsWhenComputingDistance() {
    // then
    assertThat(io.chronik.diagnostics.Similar.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(io.chronik.diagnostics.Similar.distance("", "abc")).isEqualTo(3);
    assertThat(io.chronik.diagnostics.Similar.distance("same", "same")).isZero();
  }
}
