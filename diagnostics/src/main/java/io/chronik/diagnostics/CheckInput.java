package io.chronik.diagnostics;

import io.chronik.diagnostics.local.LocalHost;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What checks read: the probe's snapshot of the cluster, the limits, and for local checks the
 * machine doctor runs on.
 *
 * @param snapshot the cluster as probed
 * @param thresholds the limits
 * @param local the machine doctor runs on
 * @param dataDir the directory given with {@code --data-dir} for local checks, or null
 */
public record CheckInput(
    ClusterSnapshot snapshot, Thresholds thresholds, LocalHost local, Path dataDir) {

  public CheckInput {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(local, "local");
  }

  /** The {@code --data-dir} of this run, if one was given. */
  public Optional<Path> localDataDir() {
    return Optional.ofNullable(dataDir);
  }
}
