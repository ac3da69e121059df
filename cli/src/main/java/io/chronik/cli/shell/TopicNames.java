package io.chronik.cli.shell;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Topic names for completion, from one admin client per session, asked at most every few seconds
 * and given a short time to answer: completion must never hang the prompt. When the cluster does
 * not answer, there is simply nothing to complete.
 */
final class TopicNames implements AutoCloseable {
  private static final Duration FRESH = Duration.ofSeconds(5);
  private static final long ANSWER_MS = 1500;

  private final Supplier<String> bootstrap;
  private Admin admin;
  private String adminBootstrap;
  private List<String> names = List.of();
  private long fetchedAt;

  TopicNames(Supplier<String> bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** The topic names, possibly a few seconds old; empty when the cluster does not answer. */
  synchronized List<String> names() {
    long now = System.nanoTime();
    if (fetchedAt != 0 && now - fetchedAt < FRESH.toNanos()) {
      return names;
    }
    fetchedAt = now;
    try {
      names =
          admin().listTopics().names().get(ANSWER_MS, TimeUnit.MILLISECONDS).stream()
              .sorted()
              .toList();
    } catch (Exception e) {
      names = List.of();
    }
    return names;
  }

  /** Forgets the names and the client, after {@code connect} changed the bootstrap servers. */
  synchronized void forget() {
    fetchedAt = 0;
    names = List.of();
    close();
  }

  private Admin admin() {
    String servers = bootstrap.get();
    if (admin == null || !servers.equals(adminBootstrap)) {
      close();
      Map<String, Object> config = new HashMap<>();
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "chronik-shell");
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_MS);
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_MS);
      admin = Admin.create(config);
      adminBootstrap = servers;
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }
}
