package io.chronik.cli.cluster;

import io.chronik.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a membership change may take on the cluster. */
public final class MembershipOptions {
  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.Positive.class,
      description =
          "How long the cluster may take for the change: new replicas catch up by copying the"
              + " partition's log, which takes time on large partitions (default: ${DEFAULT-VALUE})."
              + " A change that runs out of time stops; run the same command again to resume it.")
  Duration wait;
}
