package io.chronik.cli.client;

import io.chronik.cli.DurationConverter;
import io.chronik.cli.EnvVar;
import io.chronik.cli.OptionChecks;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The connection options of every command that talks to a cluster over the Kafka protocol: {@code
 * --bootstrap} and {@code --timeout}. A mixin, so that every such command spells them the same.
 */
public final class ConnectionOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @EnvVar("CHRONIK_BOOTSTRAP")
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9092",
      description =
          "Kafka bootstrap servers, comma-separated (env: CHRONIK_BOOTSTRAP;"
              + " default: 127.0.0.1:9092).")
  private String bootstrap;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.Positive.class,
      description =
          "How long to wait for the cluster to answer, for example 500ms, 15s, 2m"
              + " (default: 15s).")
  private Duration timeout;

  /**
   * The checked connection settings.
   *
   * @throws picocli.CommandLine.ParameterException on a bad value (exit 64)
   */
  public Connection connection() {
    return new Connection(OptionChecks.bootstrap(mixee, "--bootstrap", bootstrap), timeout);
  }
}
