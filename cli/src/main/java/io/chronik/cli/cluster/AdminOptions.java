package io.chronik.cli.cluster;

import io.chronik.cli.AdminOption;
import io.chronik.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where to reach a node's admin API, and how long to wait for the nodes. */
public final class AdminOptions {
  @Mixin AdminOption admin;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      converter = DurationConverter.Positive.class,
      description = "How long to wait for the nodes (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /**
   * The admin address, {@code host:port}.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit 64) when it is not
   *     HOST:PORT
   */
  public String admin() {
    return admin.address(command);
  }

  public Duration timeout() {
    return timeout;
  }
}
