package io.chronik.cli.record;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import io.chronik.cli.client.ClientErrors;
import io.chronik.cli.client.ClientFailures;
import io.chronik.cli.client.Connection;
import io.chronik.cli.client.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads records with the stock Kafka consumer and hands them, one by one, to a sink that prints
 * them. Without a group it assigns the partitions itself and seeks; with a group it subscribes (or,
 * with a partition, assigns) and commits the offset after each printed record's batch, so that a
 * record counts as consumed only once it was printed.
 *
 * <p>{@link #stop} may be called from another thread (the SIGINT handler): the run then commits
 * what it printed, leaves the group and returns. Holds the Kafka imports of {@link ConsumeCommand}.
 */
final class RecordConsumer {
  private static final Duration MAX_POLL = Duration.ofMillis(500);

  private final Connection connection;
  private final ConsumeSettings settings;
  private volatile boolean stopped;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  RecordConsumer(Connection connection, ConsumeSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  /** Asks a running {@link #run} to stop; safe from any thread. */
  void stop() {
    stopped = true;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /**
   * Reads until the count is reached, the idle timeout passes, the sink reports its output closed,
   * or {@link #stop} is called.
   *
   * @param sink prints one record; returns false once its output is closed
   */
  ConsumeResult run(Predicate<ConsumedRecord> sink) {
    List<TopicPartition> partitions = partitions();
    try (KafkaConsumer<byte[], byte[]> created = KafkaClients.consumer(connection, config())) {
      consumer = created;
      if (stopped) {
        return new ConsumeResult(0, ConsumeResult.End.INTERRUPTED);
      }
      position(created, partitions);
      return poll(created, sink);
    } finally {
      consumer = null;
    }
  }

  /** The partitions to read; exit 1 when the topic or the partition does not exist. */
  private List<TopicPartition> partitions() {
    String topic = settings.topic();
    TopicDescription description;
    try (Admin admin = KafkaClients.connectedAdmin(connection)) {
      description =
          KafkaClients.await(
                  admin.describeTopics(List.of(topic)).allTopicNames(),
                  connection,
                  "describe topic " + topic)
              .get(topic);
    }
    int count = description.partitions().size();
    Integer partition = settings.partition();
    if (partition != null && partition >= count) {
      throw new ChronikException(
          ClientErrors.UNKNOWN_TOPIC,
          Kind.RUNTIME,
          "partition " + partition + " does not exist: topic " + topic + " has " + count,
          "use --partition 0 to " + (count - 1));
    }
    return partition != null
        ? List.of(new TopicPartition(topic, partition))
        : IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
  }

  private Map<String, Object> config() {
    Map<String, Object> config = new HashMap<>();
    boolean fromBeginning = settings.start() == ConsumeSettings.Start.BEGINNING;
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    if (settings.group() != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    }
    if (settings.maxRecords() > 0) {
      config.put(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) Math.min(500, settings.maxRecords()));
    }
    return config;
  }

  /**
   * Without a group, or with one partition: assign and seek (with a group, a committed offset wins
   * unless an offset was given). With a group and all partitions: subscribe, and let the committed
   * offsets or the reset policy decide.
   */
  private void position(KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
    boolean group = settings.group() != null;
    if (group && settings.partition() == null) {
      kafka.subscribe(List.of(settings.topic()));
      return;
    }
    kafka.assign(partitions);
    switch (settings.start()) {
      case OFFSET -> partitions.forEach(tp -> kafka.seek(tp, settings.offset()));
      case BEGINNING -> {
        if (!group) {
          kafka.seekToBeginning(partitions);
        }
      }
      case END -> {
        if (!group) {
          kafka.seekToEnd(partitions);
        }
      }
    }
  }

  private ConsumeResult poll(KafkaConsumer<byte[], byte[]> kafka, Predicate<ConsumedRecord> sink) {
    long printed = 0;
    long lastActivity = System.nanoTime();
    Duration idle = settings.idleTimeout();
    try {
      while (!stopped) {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(pollTimeout(lastActivity));
        if (records.isEmpty()) {
          if (kafka.assignment().isEmpty()) {
            // still joining the group: the idle clock starts once partitions are assigned
            lastActivity = System.nanoTime();
            continue;
          }
          if (idle != null && System.nanoTime() - lastActivity >= idle.toNanos()) {
            return new ConsumeResult(printed, ConsumeResult.End.IDLE);
          }
          continue;
        }
        lastActivity = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
        ConsumeResult.End end = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (!sink.test(view(record))) {
            end = ConsumeResult.End.OUTPUT_CLOSED;
            break;
          }
          done.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
          printed++;
          if (settings.maxRecords() > 0 && printed >= settings.maxRecords()) {
            end = ConsumeResult.End.COUNT_REACHED;
            break;
          }
        }
        commit(kafka, done);
        if (end != null) {
          return new ConsumeResult(printed, end);
        }
      }
    } catch (WakeupException e) {
      // stop() was called: fall through
    }
    return new ConsumeResult(printed, ConsumeResult.End.INTERRUPTED);
  }

  private Duration pollTimeout(long lastActivity) {
    Duration idle = settings.idleTimeout();
    if (idle == null) {
      return MAX_POLL;
    }
    long left = idle.toNanos() - (System.nanoTime() - lastActivity);
    return Duration.ofNanos(Math.max(0, Math.min(left, MAX_POLL.toNanos())));
  }

  /** Commits what was printed, when there is a group; a second wake-up is absorbed. */
  private void commit(
      KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, OffsetAndMetadata> done) {
    if (settings.group() == null || done.isEmpty()) {
      return;
    }
    for (int attempt = 0; ; attempt++) {
      try {
        kafka.commitSync(done, connection.timeout());
        return;
      } catch (WakeupException e) {
        if (attempt > 0) {
          throw e;
        }
      } catch (KafkaException e) {
        throw ClientFailures.translate(
            e, "commit the offsets of group " + settings.group(), connection);
      }
    }
  }

  private static ConsumedRecord view(ConsumerRecord<byte[], byte[]> record) {
    List<Header> headers = new ArrayList<>();
    for (org.apache.kafka.common.header.Header header : record.headers()) {
      headers.add(new Header(header.key(), text(header.value())));
    }
    return new ConsumedRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        text(record.key()),
        text(record.value()),
        List.copyOf(headers));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
