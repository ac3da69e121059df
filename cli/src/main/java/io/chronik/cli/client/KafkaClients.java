package io.chronik.cli.client;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes the stock Kafka clients for the client commands and waits on their results. Every wait is
 * bounded by the connection's timeout, and every failure comes out as a {@link ChronikException}
 * (see {@link ClientFailures}), so that a command prints one line and the right exit code.
 *
 * <p>The commands keep their Kafka code in helper classes like this one, so that loading a command
 * class (picocli does for every command on every start) loads no Kafka classes.
 */
public final class KafkaClients {
  private static final String CLIENT_ID = "chronik-cli";

  private KafkaClients() {}

  /** An admin client; check that the cluster answers with {@link #awaitCluster}. */
  public static Admin admin(Connection connection) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, connection.timeoutMs());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, connection.timeoutMs());
    try {
      return Admin.create(config);
    } catch (KafkaException e) {
      throw unusableBootstrap(connection, e);
    }
  }

  /** An admin client whose cluster has answered; exit 69 when none does within the timeout. */
  public static Admin connectedAdmin(Connection connection) {
    Admin admin = admin(connection);
    try {
      awaitCluster(admin, connection);
      return admin;
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /**
   * Waits until a broker of the cluster answers.
   *
   * @throws ChronikException {@link ClientErrors#UNREACHABLE} (exit 69) when none does in time
   */
  public static void awaitCluster(Admin admin, Connection connection) {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(connection.timeoutMs()))
          .clusterId()
          .get(connection.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ChronikException(
          ClientErrors.UNREACHABLE,
          Kind.UNAVAILABLE,
          "no broker answered at " + connection.bootstrap() + " within " + connection.timeoutText(),
          "start a node with 'chronik standalone', or point --bootstrap (CHRONIK_BOOTSTRAP)"
              + " at a running cluster",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChronikException(
          ClientErrors.UNREACHABLE, Kind.UNAVAILABLE, "interrupted", "run the command again", e);
    }
  }

  /**
   * The result of an admin call, waiting at most the connection's timeout (plus a second, so that
   * the client's own timeout error wins where it has one).
   *
   * @param action what was being done, for the error message: "create topic t"
   */
  public static <T> T await(KafkaFuture<T> future, Connection connection, String action) {
    try {
      return future.get(connection.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw ClientFailures.translate(e.getCause(), action, connection);
    } catch (TimeoutException e) {
      throw ClientFailures.translate(e, action, connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClientFailures.translate(e, action, connection);
    }
  }

  /** A producer of byte keys and values; {@code overrides} win over the defaults. */
  public static KafkaProducer<byte[], byte[]> producer(
      Connection connection, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, connection.timeoutMs());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, connection.timeoutMs());
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, 2L * connection.timeoutMs() + 1_000));
    config.putAll(overrides);
    try {
      return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      throw unusableBootstrap(connection, e);
    }
  }

  /** A consumer of byte keys and values; {@code overrides} win over the defaults. */
  public static KafkaConsumer<byte[], byte[]> consumer(
      Connection connection, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, connection.timeoutMs());
    config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, connection.timeoutMs());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.putAll(overrides);
    try {
      return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw unusableBootstrap(connection, e);
    }
  }

  private static ChronikException unusableBootstrap(Connection connection, KafkaException e) {
    return new ChronikException(
        ClientErrors.UNREACHABLE,
        Kind.UNAVAILABLE,
        "cannot use --bootstrap " + connection.bootstrap() + ": " + ClientFailures.rootMessage(e),
        "check that every host in --bootstrap (CHRONIK_BOOTSTRAP) resolves",
        e);
  }
}
