package io.chronik.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The send loop, against kafka-clients' {@link MockProducer} instead of a cluster. */
class ProduceBenchmarkTest {

  private static ProduceBenchSettings settings(long records) {
    return new ProduceBenchSettings(
        "127.0.0.1:9092",
        "bench",
        3,
        (short) 1,
        records,
        100,
        -1,
        Duration.ofSeconds(1),
        Map.of("acks", "all"));
  }

  @Test
  void shouldSendEveryRecordAndMeasureEachWhenProducerAcknowledges() throws Exception {
    // given
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    ProduceBenchmark benchmark = new ProduceBenchmark(settings(1000), null);

    // when
    ProduceBenchResult result = benchmark.produce(producer);

    // then
    assertThat(producer.history()).hasSize(1000);
    assertThat(producer.history().get(0).value()).hasSize(100);
    assertThat(producer.history().get(0).topic()).isEqualTo("bench");
    assertThat(result.records()).isEqualTo(1000);
    assertThat(result.errors()).isZero();
    assertThat(result.acks()).isEqualTo("all");
    assertThat(result.recordsPerSec()).isPositive();
    assertThat(benchmark.firstError()).isNull();
  }

  @Test
  void shouldCountFailuresWhenProducerRejectsRecords() throws Exception {
    // given
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    producer.sendException = new KafkaException("the buffer is full");
    ProduceBenchmark benchmark = new ProduceBenchmark(settings(10), null);

    // when
    ProduceBenchResult result = benchmark.produce(producer);

    // then
    assertThat(result.errors()).isEqualTo(10);
    assertThat(benchmark.firstError()).isEqualTo("the buffer is full");
    assertThat(result.latencyMs().max()).isZero();
  }
}
