package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void shouldReportPercentilesInMillisWhenEveryRecordIsSampled() {
    // given
    LatencyRecorder recorder = new LatencyRecorder(1000, 1000);
    for (int i = 0; i < 1000; i++) {
      recorder.record(i, (i + 1) * 1000L); // 1 ms .. 1000 ms
    }

    // when
    ProduceBenchResult.Latency latency = recorder.summary();

    // then
    assertThat(latency.avg()).isEqualTo(500.5);
    assertThat(latency.p50()).isEqualTo(500.0);
    assertThat(latency.p95()).isEqualTo(950.0);
    assertThat(latency.p99()).isEqualTo(990.0);
    assertThat(latency.p999()).isEqualTo(999.0);
    assertThat(latency.max()).isEqualTo(1000.0);
  }

  @Test
  void shouldBoundSamplesWhenRecordsOutnumberThem() {
    // given
    LatencyRecorder recorder = new LatencyRecorder(10_000, 100);
    for (int i = 0; i < 10_000; i++) {
      recorder.record(i, i == 9_999 ? 5_000_000L : 1_000L);
    }

    // when
    ProduceBenchResult.Latency latency = recorder.summary();

    // then
    assertThat(recorder.count()).isEqualTo(10_000);
    assertThat(latency.p99()).isEqualTo(1.0);
    assertThat(latency.max()).isEqualTo(5000.0);
  }

  @Test
  void shouldReportZerosWhenNothingWasRecorded() {
    // when
    ProduceBenchResult.Latency latency = new LatencyRecorder(10, 10).summary();

    // then
    assertThat(latency).isEqualTo(new ProduceBenchResult.Latency(0, 0, 0, 0, 0, 0));
  }
}
