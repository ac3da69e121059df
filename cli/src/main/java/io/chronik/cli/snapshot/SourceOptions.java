package io.chronik.cli.snapshot;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the offline snapshot commands look: a node's data dir, a snapshot store, or both. The
 * store's credentials come from the environment variables the broker reads (docs/snapshots.md).
 */
public final class SourceOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "A node's data dir: the archives under DIR/snapshots/<group>/.")
  Path dataDir;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "A snapshot store: file:///dir, s3://bucket/prefix, gs://bucket/prefix or"
              + " azure://container/prefix. Credentials and endpoint come from S3_*, AZURE_* (see"
              + " docs/snapshots.md).")
  String store;

  @Option(
      names = "--cluster-id",
      paramLabel = "ID",
      description = "Only this cluster's archives in --store (default: every cluster's).")
  String clusterId;

  boolean any() {
    return dataDir != null || store != null;
  }
}
