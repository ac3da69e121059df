package io.chronik.cli.standalone;

import io.chronik.broker.SnapshotSettings;
import io.chronik.broker.snapshot.Compression;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.broker.snapshot.store.StoreTarget;
import io.chronik.cli.EnvVar;
import io.chronik.cli.EnvironmentDefaults;
import io.chronik.cli.OptionChecks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The snapshot options of {@code chronik standalone} ({@code --snapshot-*}), a mixin of {@link
 * StandaloneCommand}. Its options belong to the command: they keep their config-file keys, their
 * environment variables and their place in the command's help, and a bad value is reported against
 * the command.
 */
final class SnapshotOptions {
  /** The variables the store settings read besides {@code CHRONIK_SNAPSHOT_STORE}. */
  private static final List<String> STORE_VARIABLES =
      List.of(
          "OBJECT_STORE_BACKEND",
          "S3_BUCKET",
          "S3_ENDPOINT",
          "S3_REGION",
          "S3_PREFIX",
          "S3_PATH_STYLE",
          "S3_ACCESS_KEY",
          "S3_SECRET_KEY",
          "GCS_BUCKET",
          "AZURE_ACCOUNT_NAME",
          "AZURE_ACCOUNT_KEY",
          "AZURE_CONTAINER",
          "AZURE_STORAGE_CONNECTION_STRING",
          "AZURE_ENDPOINT");

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @EnvVar("CHRONIK_SNAPSHOT_ENABLED")
  @Option(
      names = "--snapshot-enabled",
      paramLabel = "BOOL",
      arity = "1",
      defaultValue = "true",
      description =
          "Take Raft snapshots (every trigger) and purge the Raft log up to them; false keeps"
              + " the whole log (env: CHRONIK_SNAPSHOT_ENABLED; default: ${DEFAULT-VALUE}).")
  private boolean snapshotEnabled;

  @EnvVar("CHRONIK_SNAPSHOT_LOG_THRESHOLD")
  @Option(
      names = "--snapshot-log-threshold",
      paramLabel = "ENTRIES",
      defaultValue = "10000",
      description =
          "Raft log entries since a group's last snapshot that trigger the next one"
              + " (env: CHRONIK_SNAPSHOT_LOG_THRESHOLD; default: ${DEFAULT-VALUE}).")
  private long snapshotLogThreshold;

  @EnvVar("CHRONIK_SNAPSHOT_LOG_BYTES_THRESHOLD")
  @Option(
      names = "--snapshot-log-bytes-threshold",
      paramLabel = "BYTES",
      defaultValue = "134217728",
      description =
          "Bytes of a Raft group's closed log segments that trigger a snapshot, after which the"
              + " log is purged:"
              + " bounds the Raft log on disk and what a restarting node replays, however large"
              + " its entries (at least 1048576; env: CHRONIK_SNAPSHOT_LOG_BYTES_THRESHOLD;"
              + " default: ${DEFAULT-VALUE}).")
  private long snapshotLogBytesThreshold;

  @EnvVar("CHRONIK_SNAPSHOT_TIME_THRESHOLD_SECS")
  @Option(
      names = "--snapshot-time-threshold-secs",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description =
          "Age of a group's last snapshot after which it gets a new one if it has new entries"
              + " (env: CHRONIK_SNAPSHOT_TIME_THRESHOLD_SECS; default: ${DEFAULT-VALUE}).")
  private long snapshotTimeThresholdSecs;

  @EnvVar("CHRONIK_SNAPSHOT_COMPRESSION")
  @Option(
      names = "--snapshot-compression",
      paramLabel = "CODEC",
      defaultValue = "zstd",
      description =
          "Compression of snapshot archives: none, gzip, zstd or lz4"
              + " (env: CHRONIK_SNAPSHOT_COMPRESSION; default: ${DEFAULT-VALUE}).")
  private String snapshotCompression;

  @EnvVar("CHRONIK_SNAPSHOT_RETENTION_COUNT")
  @Option(
      names = "--snapshot-retention-count",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Snapshot archives kept per Raft group, on the node and in the store; the newest good"
              + " one always stays (env: CHRONIK_SNAPSHOT_RETENTION_COUNT; default:"
              + " ${DEFAULT-VALUE}).")
  private int snapshotRetentionCount;

  @EnvVar("CHRONIK_SNAPSHOT_STORE")
  @Option(
      names = "--snapshot-store",
      paramLabel = "URI",
      description =
          "Where group leaders upload snapshot archives: file:///DIR, s3://BUCKET/PREFIX,"
              + " gs://BUCKET/PREFIX or azure://CONTAINER/PREFIX (env: CHRONIK_SNAPSHOT_STORE;"
              + " also OBJECT_STORE_BACKEND with S3_*, GCS_BUCKET, AZURE_*; see"
              + " docs/snapshots.md).")
  private String snapshotStore;

  /**
   * The checks of each snapshot value on its own, in the order of the command's other checks: each
   * throws a {@link picocli.CommandLine.ParameterException} naming its option.
   */
  List<Runnable> checks() {
    return List.of(
        () -> OptionChecks.atLeast(spec, "--snapshot-log-threshold", snapshotLogThreshold, 1),
        () ->
            OptionChecks.atLeast(
                spec,
                "--snapshot-log-bytes-threshold",
                snapshotLogBytesThreshold,
                SnapshotSettings.MIN_LOG_BYTES_THRESHOLD),
        () ->
            OptionChecks.atLeast(
                spec, "--snapshot-time-threshold-secs", snapshotTimeThresholdSecs, 1),
        this::compression,
        () -> OptionChecks.atLeast(spec, "--snapshot-retention-count", snapshotRetentionCount, 1),
        this::store);
  }

  /**
   * The node's snapshot settings from the parsed options.
   *
   * @throws picocli.CommandLine.ParameterException on a bad codec or store (exit 64)
   */
  SnapshotSettings settings() {
    return new SnapshotSettings(
        snapshotEnabled,
        snapshotLogThreshold,
        snapshotLogBytesThreshold,
        snapshotTimeThresholdSecs,
        compression(),
        snapshotRetentionCount,
        store(),
        SnapshotSettings.DEFAULT_RAFT_LOG_SEGMENT_BYTES);
  }

  private Compression compression() {
    try {
      return Compression.fromId(snapshotCompression.strip());
    } catch (IllegalArgumentException e) {
      throw OptionChecks.invalid(spec, "--snapshot-compression", e.getMessage());
    }
  }

  /** The snapshot store, or null without one. */
  private StoreTarget store() {
    Map<String, String> env = new HashMap<>();
    if (spec.commandLine().getDefaultValueProvider() instanceof EnvironmentDefaults defaults) {
      for (String name : STORE_VARIABLES) {
        String value = defaults.get(name);
        if (value != null) {
          env.put(name, value);
        }
      }
    }
    if (snapshotStore != null && !snapshotStore.isBlank()) {
      env.put("CHRONIK_SNAPSHOT_STORE", snapshotStore.strip());
    }
    StoreTarget store;
    try {
      store = StoreSettings.fromEnvironment(env).orElse(null);
    } catch (RuntimeException e) {
      throw OptionChecks.invalid(spec, "--snapshot-store", e.getMessage());
    }
    if (store != null
        && !List.of("file", "s3", "gs", "azure")
            .contains(String.valueOf(store.uri().getScheme()))) {
      throw OptionChecks.invalid(
          spec,
          "--snapshot-store",
          store.uri()
              + " has an unknown scheme: use file:///DIR, s3://BUCKET/PREFIX, gs://BUCKET/PREFIX"
              + " or azure://CONTAINER/PREFIX");
    }
    return store;
  }
}
