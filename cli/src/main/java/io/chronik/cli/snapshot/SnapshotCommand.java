package io.chronik.cli.snapshot;

import picocli.CommandLine.Command;

/** {@code chronik snapshot}: the parent of the snapshot commands. It runs nothing itself. */
@Command(
    name = "snapshot",
    description = {
      "Snapshot archives: list, inspect and verify them in a node's data dir (--data-dir) or a"
          + " snapshot store (--store), prune old ones, have a running node take one now, and"
          + " restore a node's data dir from a store.",
      "A snapshot id is GROUP@INDEX, for example orders-0@4242 or meta@120. See"
          + " docs/snapshots.md."
    },
    subcommands = {
      SnapshotListCommand.class,
      SnapshotInspectCommand.class,
      SnapshotVerifyCommand.class,
      SnapshotPruneCommand.class,
      SnapshotCreateCommand.class,
      SnapshotRestoreCommand.class
    },
    footer = {
      "  chronik snapshot list --data-dir /var/lib/chronik",
      "  chronik snapshot verify --store s3://backups/chronik",
      "  chronik snapshot inspect orders-0@4242 --data-dir /var/lib/chronik",
      "  chronik snapshot create --upload --admin 10.0.0.1:9644",
      "  chronik snapshot prune --store s3://backups/chronik --keep 3 --yes",
      "  chronik snapshot restore --from s3://backups/chronik --data-dir /var/lib/chronik"
          + " --node-id 1 --dry-run"
    })
public final class SnapshotCommand {}
