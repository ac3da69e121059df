package io.chronik.cli.record;

import io.chronik.cli.client.ClientFailures;
import io.chronik.cli.client.Connection;
import io.chronik.cli.client.KafkaClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Sends one record per line of input with the stock Kafka producer, and counts acknowledgements.
 * The first record that cannot even be handed to the producer (an unknown partition, a topic that
 * never appears in the metadata) stops the run: the lines after it would fail the same way, each
 * after the full timeout.
 *
 * <p>Holds the Kafka imports of {@link ProduceCommand}.
 */
final class LineProducer {
  private static final int LINGER_MS = 5;

  private final Connection connection;
  private final ProduceSettings settings;

  LineProducer(Connection connection, ProduceSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  ProduceResult run(BufferedReader lines) {
    try (Admin admin = KafkaClients.connectedAdmin(connection)) {
      // only to fail fast with exit 69 when no broker answers
    }
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long read = 0;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(
            connection,
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                settings.acks(),
                ProducerConfig.LINGER_MS_CONFIG,
                LINGER_MS))) {
      String line;
      while ((line = lines.readLine()) != null) {
        read++;
        try {
          producer.send(
              record(line),
              (metadata, exception) -> {
                if (exception == null) {
                  acknowledged.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                  firstError.compareAndSet(null, ClientFailures.rootMessage(exception));
                }
              });
        } catch (RuntimeException e) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, ClientFailures.rootMessage(e));
          break;
        }
      }
      producer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stdin", e);
    }
    return new ProduceResult(
        read, acknowledged.get(), failed.get(), firstError.get(), System.nanoTime() - start);
  }

  private ProducerRecord<byte[], byte[]> record(String line) {
    String key = null;
    String value = line;
    String separator = settings.keySeparator();
    if (separator != null) {
      int at = line.indexOf(separator);
      if (at >= 0) {
        key = line.substring(0, at);
        value = line.substring(at + separator.length());
      }
    }
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
    for (Header header : settings.headers()) {
      headers.add(new RecordHeader(header.key(), header.value().getBytes(StandardCharsets.UTF_8)));
    }
    return new ProducerRecord<>(
        settings.topic(),
        settings.partition(),
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers);
  }
}
