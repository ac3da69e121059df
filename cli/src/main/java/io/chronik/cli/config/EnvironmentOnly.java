package io.chronik.cli.config;

import java.util.List;

/**
 * The variables that no option reads: the launcher's, logging's and the snapshot store's (the
 * seed-compatible {@code OBJECT_STORE_BACKEND}, {@code S3_*}, {@code GCS_BUCKET}, {@code AZURE_*};
 * see docs/snapshots.md). A config file cannot set them; {@code chronik config show} shows them.
 * When an option comes to read one of them, the option's setting replaces the entry here.
 */
public final class EnvironmentOnly {
  private static final String EVERY = "every command";
  private static final String STORE = "the snapshot store";

  private static final List<Setting> ALL =
      List.of(
          env(
              "CHRONIK_DEBUG",
              null,
              "Set to 1 to print stack traces with errors, as -v does.",
              EVERY),
          env(
              "CHRONIK_LOG_LEVEL",
              "info",
              "Level of chronik's own log lines, which go to stderr: error, warn, info, debug or"
                  + " trace. Default info for standalone and dev-cluster; the other commands log"
                  + " warnings and errors only unless it is set.",
              EVERY),
          env(
              "CHRONIK_HEAP",
              "1g",
              "JVM heap of the server commands (standalone, bench), for example 4g; default 1g.",
              EVERY),
          env(
              "CHRONIK_JAVA_OPTS",
              null,
              "Extra JVM flags, added after the ones the chronik launcher chooses for the command.",
              EVERY),
          env(
              "JAVA_HOME",
              null,
              "The Java 17+ runtime to use; without it, java from the PATH.",
              EVERY),
          env(
              "CHRONIK_SNAPSHOT_STORE",
              null,
              "Snapshot store URI: file:///path, s3://bucket/prefix, gs://bucket/prefix or"
                  + " azure://container/prefix; wins over OBJECT_STORE_BACKEND.",
              STORE),
          env(
              "OBJECT_STORE_BACKEND",
              null,
              "Snapshot store kind when CHRONIK_SNAPSHOT_STORE is unset: s3, gcs, azure or local.",
              STORE),
          env("S3_BUCKET", null, "Bucket of an s3 (or gcs) store.", STORE),
          env("S3_PREFIX", null, "Key prefix inside the bucket or container.", STORE),
          env("S3_REGION", null, "S3 region; the SDK's default chain when unset.", STORE),
          env(
              "S3_ENDPOINT",
              null,
              "S3 endpoint override (MinIO, other S3-compatible stores); https:// when no scheme.",
              STORE),
          env("S3_PATH_STYLE", null, "true for path-style S3 requests (MinIO).", STORE),
          env(
              "S3_ACCESS_KEY",
              null,
              "S3 access key id; the SDK's default chain when unset.",
              STORE),
          env("S3_SECRET_KEY", null, "S3 secret access key.", STORE),
          env("GCS_BUCKET", null, "Bucket of a gcs store (else S3_BUCKET).", STORE),
          env("AZURE_CONTAINER", null, "Container of an azure store.", STORE),
          env("AZURE_ACCOUNT_NAME", null, "Azure storage account name.", STORE),
          env("AZURE_ACCOUNT_KEY", null, "Azure storage account key.", STORE),
          env(
              "AZURE_STORAGE_CONNECTION_STRING",
              null,
              "Azure storage connection string (instead of account name and key).",
              STORE),
          env("AZURE_ENDPOINT", null, "Azure Blob endpoint override (Azurite).", STORE));

  private EnvironmentOnly() {}

  /** Every environment-only setting. */
  public static List<Setting> all() {
    return ALL;
  }

  /** The variables that every command reads, whatever its options. */
  public static List<Setting> everyCommand() {
    return ALL.stream().filter(s -> s.commands().equals(EVERY)).toList();
  }

  private static Setting env(String name, String defaultValue, String description, String by) {
    return new Setting(
        Setting.Scope.ENVIRONMENT,
        null,
        null,
        name,
        defaultValue,
        description,
        Settings.secret(name),
        by);
  }
}
