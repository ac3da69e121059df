package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.cli.Json;
import org.junit.jupiter.api.Test;

class ProduceBenchResultTest {
  private static final ProduceBenchResult.Latency LATENCY =
      new ProduceBenchResult.Latency(2.5, 2.0, 4.0, 8.0, 16.0, 32.0);

  @Test
  void shouldComputeRatesWhenRunTookTwoSeconds() {
    // when: 2048 records of 1 KiB in 2 s
    ProduceBenchResult result =
        ProduceBenchResult.of("t", 2048, 1, 1024, "all", 2_000_000_000L, LATENCY);

    // then
    assertThat(result.recordsPerSec()).isEqualTo(1024.0);
    assertThat(result.mibPerSec()).isEqualTo(1.0);
    assertThat(result.elapsedSeconds()).isEqualTo(2.0);
    assertThat(result.text())
        .isEqualTo(
            "2048 records sent, 1024.0 records/sec (1.00 MiB/sec), 2.50 ms avg latency,"
                + " 32.00 ms max latency, 2.00 ms 50th, 4.00 ms 95th, 8.00 ms 99th,"
                + " 16.00 ms 99.9th, 1 errors.");
  }

  @Test
  void shouldWriteEveryFieldWhenPrintedAsJson() throws Exception {
    // given
    ProduceBenchResult result =
        ProduceBenchResult.of("t", 10, 0, 100, "1", 1_000_000_000L, LATENCY);

    // when
    JsonNode json = new ObjectMapper().readTree(Json.write(result));

    // then
    assertThat(json.properties())
        .extracting(e -> e.getKey())
        .containsExactly(
            "topic",
            "records",
            "errors",
            "recordSize",
            "acks",
            "elapsedSeconds",
            "recordsPerSec",
            "mibPerSec",
            "latencyMs");
    assertThat(json.get("latencyMs").properties())
        .extracting(e -> e.getKey())
        .containsExactly("avg", "p50", "p95", "p99", "p999", "max");
  }
}
