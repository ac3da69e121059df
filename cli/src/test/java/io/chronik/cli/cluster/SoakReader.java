package io.chronik.cli.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One member of the soak's consumer group, on a thread of its own: it polls, adds what it read to a
 * set shared by the group, then commits synchronously. With {@code auto.offset.reset=none} an
 * offset the broker calls out of range is an error, not a silent jump: a committed or fetched
 * offset must always be inside the log. A commit refused by a rebalance is what Kafka allows and is
 * only counted; any other exception is recorded.
 */
final class SoakReader {
  private final KafkaConsumer<String, String> consumer;
  private final List<String> topics;
  private final Set<String> seen;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final AtomicLong commitRetries = new AtomicLong();
  private Thread thread;

  SoakReader(String bootstrap, String group, List<String> topics, Set<String> seen) {
    this.topics = topics;
    this.seen = seen;
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  void start(String name) {
    thread = new Thread(this::run, name);
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(topics);
      while (running.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> r : records) {
          seen.add(r.key());
        }
        if (!records.isEmpty()) {
          commit();
        }
      }
      commit();
    } catch (WakeupException stopping) {
      // stop() woke the consumer up: leave
    } catch (RuntimeException e) {
      errors.add(Thread.currentThread().getName() + ": " + e);
    } finally {
      consumer.close(Duration.ofSeconds(30));
    }
  }

  private void commit() {
    try {
      consumer.commitSync();
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // the group rebalanced: the partitions' next owner reads from the last commit
      commitRetries.incrementAndGet();
    }
  }

  /** Commits what it read, leaves the group and closes; waits for its thread to end. */
  void stop() throws InterruptedException {
    if (running.getAndSet(false) && thread != null) {
      thread.join(Duration.ofSeconds(90).toMillis());
      if (thread.isAlive()) {
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
      }
    }
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  long commitRetries() {
    return commitRetries.get();
  }
}
