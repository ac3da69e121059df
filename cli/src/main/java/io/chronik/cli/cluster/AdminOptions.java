package io.chronik.cli.cluster;

import io.chronik.cli.AdminOption;
import io.chronik.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where to reach a node's admin API, and how long to wait for the nodes. */
public final class AdminOptions {
  @Mixin AdminOption admin;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait for the nodes (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The admin address as given, {@code host:port}. */
  public String admin() {
    return admin.admin();
  }

  public Duration timeout() {
    return timeout;
  }
}
