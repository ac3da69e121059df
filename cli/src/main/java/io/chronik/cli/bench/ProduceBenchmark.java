package io.chronik.cli.bench;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One produce benchmark run with the stock {@link KafkaProducer}: check that the cluster answers,
 * make sure the topic exists, send {@code records} records of {@code recordSize} random bytes (the
 * same payload each time, as Kafka's {@code ProducerPerformance} does), and measure each record's
 * latency from {@code send} to its acknowledgement callback.
 *
 * <p>This class holds every Kafka client import of the bench commands, so that loading {@link
 * BenchProduceCommand} (which picocli does on every start) loads no Kafka classes.
 */
final class ProduceBenchmark {
  private static final Logger LOGGER = LoggerFactory.getLogger(ProduceBenchmark.class);
  private static final int MAX_LATENCY_SAMPLES = 500_000;
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ProduceBenchSettings settings;
  private final PrintWriter progress;
  private final AtomicReference<String> firstError = new AtomicReference<>();

  /**
   * @param progress where to print a progress line every 5 seconds, or null for none
   */
  ProduceBenchmark(ProduceBenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  ProduceBenchResult run() throws InterruptedException {
    try (Admin admin = createAdmin()) {
      awaitCluster(admin);
      ensureTopic(admin);
    }
    try (Producer<byte[], byte[]> producer = createProducer()) {
      return produce(producer);
    }
  }

  private Admin createAdmin() {
    int timeoutMs = timeoutMs();
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "chronik-bench-admin");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    try {
      return Admin.create(config);
    } catch (KafkaException e) {
      throw unreachable(
          "cannot use --bootstrap " + settings.bootstrap() + ": " + rootMessage(e), e);
    }
  }

  private void awaitCluster(Admin admin) throws InterruptedException {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
          .clusterId()
          .get(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw unreachable(
          "no broker answered at "
              + settings.bootstrap()
              + " within "
              + settings.timeout().toSeconds()
              + "s",
          e);
    }
  }

  private void ensureTopic(Admin admin) throws InterruptedException {
    String topic = settings.topic();
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs()))
              .allTopicNames()
              .get()
              .get(topic);
      LOGGER.info("using topic {} with {} partitions", topic, description.partitions().size());
      return;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw topicError("cannot describe topic " + topic + ": " + rootMessage(e), e);
      }
    }
    try {
      admin
          .createTopics(
              List.of(new NewTopic(topic, settings.partitions(), settings.replicationFactor())))
          .all()
          .get();
      LOGGER.info(
          "created topic {} with {} partitions, replication factor {}",
          topic,
          settings.partitions(),
          settings.replicationFactor());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw topicError("cannot create topic " + topic + ": " + rootMessage(e), e);
      }
    }
  }

  /** Sends the records through {@code producer} and waits for every acknowledgement. */
  ProduceBenchResult produce(Producer<byte[], byte[]> producer) throws InterruptedException {
    byte[] payload = new byte[settings.recordSize()];
    new Random(42).nextBytes(payload);
    LatencyRecorder latencies = new LatencyRecorder(settings.records(), MAX_LATENCY_SAMPLES);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    Throttle throttle = new Throttle(settings.throughput(), start);
    long lastProgress = start;
    for (long i = 0; i < settings.records(); i++) {
      long index = i;
      long sentAt = System.nanoTime();
      try {
        producer.send(
            new ProducerRecord<>(settings.topic(), payload),
            (metadata, exception) -> {
              if (exception == null) {
                latencies.record(index, (System.nanoTime() - sentAt) / 1_000);
              } else {
                errors.incrementAndGet();
                firstError.compareAndSet(null, rootMessage(exception));
              }
            });
      } catch (KafkaException e) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, rootMessage(e));
      }
      throttle.pace(i + 1);
      if (progress != null && sentAt - lastProgress >= PROGRESS_INTERVAL_NANOS) {
        lastProgress = sentAt;
        printProgress(i + 1, sentAt - start, errors.get());
      }
    }
    producer.flush();
    long end = System.nanoTime();
    return ProduceBenchResult.of(
        settings.topic(),
        settings.records(),
        errors.get(),
        settings.recordSize(),
        settings.producerProperties().get(ProducerConfig.ACKS_CONFIG),
        end - start,
        latencies.summary());
  }

  private Producer<byte[], byte[]> createProducer() {
    Map<String, Object> config = new HashMap<>(settings.producerProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "chronik-bench");
    try {
      return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      if (hasCause(e, ConfigException.class)) {
        throw new ChronikException(
            BenchErrors.PRODUCER_CONFIG,
            Kind.USAGE,
            "the producer rejected its configuration: " + rootMessage(e),
            "check the --producer-prop values against the Kafka producer configs");
      }
      throw e;
    }
  }

  private void printProgress(long sent, long elapsedNanos, long errors) {
    progress.printf(
        "%d records sent, %.1f records/sec, %d errors%n",
        sent, sent / (elapsedNanos / 1e9), errors);
    progress.flush();
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
  }

  private ChronikException unreachable(String message, Exception cause) {
    return new ChronikException(
        BenchErrors.UNREACHABLE,
        Kind.UNAVAILABLE,
        message,
        "start a node with 'chronik standalone', or point --bootstrap at a running one",
        cause);
  }

  private static ChronikException topicError(String message, Exception cause) {
    return new ChronikException(
        BenchErrors.TOPIC,
        Kind.RUNTIME,
        message,
        "create the topic yourself, or pass --topic with an existing one",
        cause);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The first failure of the last run, or null when every record was acknowledged. */
  String firstError() {
    return firstError.get();
  }
}
