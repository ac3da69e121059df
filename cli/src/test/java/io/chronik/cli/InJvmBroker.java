package io.chronik.cli;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real chronik broker in this JVM, on loopback with ephemeral ports and a throwaway data dir,
 * shared by the tests of one class. Register it as a static {@code @RegisterExtension} field.
 */
public final class InJvmBroker implements BeforeAllCallback, AfterAllCallback {
  private Path dataDir;
  private Broker broker;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("chronik-cli-test");
    broker = Broker.start(BrokerConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (broker != null) {
        broker.close();
      }
    } finally {
      deleteTree(dataDir);
    }
  }

  /** The Kafka bootstrap address, {@code 127.0.0.1:PORT}. */
  public String bootstrap() {
    return "127.0.0.1:" + broker.kafkaPort();
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
