package io.chronik.cli.cluster;

import io.chronik.cli.DurationConverter;
import io.chronik.cli.EnvVar;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where to reach a node's admin API. */
public final class AdminOptions {
  @EnvVar("CHRONIK_ADMIN")
  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9644",
      description =
          "Admin API of any node of the cluster (env: CHRONIK_ADMIN; default: ${DEFAULT-VALUE}).")
  String admin;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait for the nodes (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The admin address as given, {@code host:port}. */
  public String admin() {
    return admin;
  }

  public Duration timeout() {
    return timeout;
  }
}
