package io.chronik.broker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A single-node broker for each test: started before it on loopback with ephemeral ports (unless
 * the config says otherwise) in a fresh data dir, closed after it and its data dir deleted.
 * Register it as an instance {@code @RegisterExtension} field; the clients it hands out are {@link
 * TestBrokers}' and are the test's to close.
 */
final class SingleBroker implements BeforeEachCallback, AfterEachCallback {
  /** Changes to the default single-node config ({@link TestBrokers#config}). */
  @FunctionalInterface
  interface Tweak {
    BrokerConfig.Builder apply(BrokerConfig.Builder defaults) throws IOException;
  }

  private final Tweak tweak;
  private Path dataDir;
  private BrokerConfig config;
  private Broker broker;

  /** A broker with the default single-node config. */
  SingleBroker() {
    this(defaults -> defaults);
  }

  /** A broker whose config is the default one changed by {@code tweak}. */
  SingleBroker(Tweak tweak) {
    this.tweak = tweak;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("chronik-it");
    config = tweak.apply(TestBrokers.config(dataDir).toBuilder()).build();
    broker = Broker.start(config);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      if (broker != null) {
        broker.close();
      }
    } finally {
      if (dataDir != null) {
        deleteTree(dataDir);
      }
    }
  }

  /**
   * Deletes {@code root} and everything below it. A file that is gone already is passed over, as
   * JUnit's {@code @TempDir} does: the broker may still be removing a deleted topic's files.
   */
  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The running broker (a new one after {@link #restart()}). */
  Broker broker() {
    return broker;
  }

  Path dataDir() {
    return dataDir;
  }

  /** Closes the broker and starts it again from the same config and data dir. */
  void restart() {
    broker.close();
    broker = Broker.start(config);
  }

  String bootstrap() {
    return TestBrokers.bootstrap(broker);
  }

  Admin admin() {
    return TestBrokers.admin(broker);
  }

  KafkaProducer<String, String> producer(Map<String, Object> extra) {
    return TestBrokers.producer(broker, extra);
  }

  /** A consumer of {@code group} (none when null) that reads from the earliest offset. */
  KafkaConsumer<String, String> consumer(String group, Map<String, Object> extra) {
    return TestBrokers.consumer(broker, group, extra);
  }
}
