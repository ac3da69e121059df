package io.chronik.cli.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The soak's write and read load: one idempotent acks=all producer writing records with unique keys
 * ({@code v-N}, N counting up; the value is the key padded to about {@value #VALUE_BYTES} bytes, so
 * that Raft log segments fill and snapshots carry data) at a steady rate, round robin over the
 * topics, and a consumer group of {@link SoakReader}s reading along. It records every acknowledged
 * key with the partition and offset the broker gave it, and every error.
 */
final class SoakWorkload implements AutoCloseable {
  static final String GROUP = "soak-readers";
  private static final int RECORDS_PER_TICK = 20;
  private static final Duration TICK = Duration.ofMillis(20);
  private static final int VALUE_BYTES = 1024;
  private static final String PADDING = "-" + "x".repeat(VALUE_BYTES);

  private final List<String> topics;
  private final String bootstrap;
  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong sent = new AtomicLong();
  private final Map<String, Placement> acked = new ConcurrentHashMap<>();
  private final Map<TopicPartition, AtomicLong> ackedPerPartition = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> lastAckNanos = new ConcurrentHashMap<>();
  private volatile Stall longestStall;
  private final Map<String, AtomicLong> producerErrors = new ConcurrentHashMap<>();
  private final Set<String> groupSeen = ConcurrentHashMap.newKeySet();
  private final List<SoakReader> readers = new ArrayList<>();

  /** The longest time a partition went without an acknowledged write, and when it ended. */
  record Stall(TopicPartition partition, Duration length, java.time.Instant endedAt) {}

  /** Where the broker put an acknowledged record; the offset may be {@link #UNKNOWN}. */
  record Placement(TopicPartition partition, long offset) {
    static final long UNKNOWN = -1;

    /** Whether {@code found} is this placement, or, offset unknown, on the same partition. */
    boolean matches(Placement found) {
      return found != null
          && partition.equals(found.partition())
          && (offset == UNKNOWN || offset == found.offset());
    }
  }

  SoakWorkload(String bootstrap, List<String> topics) {
    this.bootstrap = bootstrap;
    this.topics = List.copyOf(topics);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  /** Starts writing, and starts {@code readers} members of the consumer group. */
  void start(int readerCount) {
    for (int i = 0; i < readerCount; i++) {
      SoakReader reader = new SoakReader(bootstrap, GROUP, topics, groupSeen);
      readers.add(reader);
      reader.start("soak-reader-" + i);
    }
    ticker.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      send();
    } catch (RuntimeException e) {
      // send() itself failed (no buffer within max.block.ms): count it, keep ticking
      countError(e);
    }
  }

  private void countError(Exception e) {
    producerErrors
        .computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong())
        .incrementAndGet();
  }

  private void send() {
    for (int i = 0; i < RECORDS_PER_TICK; i++) {
      long n = sent.getAndIncrement();
      String key = "v-" + n;
      String topic = topics.get((int) (n % topics.size()));
      producer.send(
          new ProducerRecord<>(topic, key, valueOf(key)),
          (m, e) -> {
            if (e == null) {
              TopicPartition tp = new TopicPartition(m.topic(), m.partition());
              // no offset: DUPLICATE_SEQUENCE_NUMBER, a retry of a batch written long before
              acked.put(key, new Placement(tp, m.hasOffset() ? m.offset() : Placement.UNKNOWN));
              ackedPerPartition.computeIfAbsent(tp, k -> new AtomicLong()).incrementAndGet();
              noteAck(tp);
            } else {
              countError(e);
            }
          });
    }
  }

  /** The value written with {@code key}. */
  static String valueOf(String key) {
    return key + PADDING;
  }

  private void noteAck(TopicPartition tp) {
    long now = System.nanoTime();
    Long before = lastAckNanos.put(tp, now);
    if (before != null) {
      Duration gap = Duration.ofNanos(now - before);
      Stall longest = longestStall;
      if (longest == null || gap.compareTo(longest.length()) > 0) {
        longestStall = new Stall(tp, gap, java.time.Instant.now());
      }
    }
  }

  /** The longest stall of a partition's acknowledged writes so far, null before any. */
  Stall longestStall() {
    return longestStall;
  }

  /** Acknowledged records so far, per partition. */
  Map<TopicPartition, Long> progress() {
    Map<TopicPartition, Long> out = new HashMap<>();
    ackedPerPartition.forEach((tp, n) -> out.put(tp, n.get()));
    return out;
  }

  long ackedCount() {
    return acked.size();
  }

  /** Stops writing and waits for every send to be answered. */
  void stopWriting() throws InterruptedException {
    ticker.shutdown();
    if (!ticker.awaitTermination(2, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the producer's last tick did not end");
    }
    producer.flush();
  }

  /** Stops the group's members: each commits what it read and leaves the group. */
  void stopReading() throws InterruptedException {
    for (SoakReader r : readers) {
      r.stop();
    }
  }

  /** Every acknowledged key, with where the broker put it. */
  Map<String, Placement> acked() {
    return acked;
  }

  /** The key of every record a member of the group read before it committed past it. */
  Set<String> groupSeen() {
    return groupSeen;
  }

  /** The producer's failed sends, by exception class. */
  Map<String, Long> producerErrors() {
    Map<String, Long> out = new HashMap<>();
    producerErrors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** What the group's members could not handle: an exception a consumer must not see. */
  List<String> readerErrors() {
    return readers.stream().flatMap(r -> r.errors().stream()).toList();
  }

  /** How often the group's members saw a commit fail that Kafka lets fail (a rebalance). */
  long readerCommitRetries() {
    return readers.stream().mapToLong(SoakReader::commitRetries).sum();
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    producer.close(Duration.ofSeconds(10));
    stopReading();
  }
}
