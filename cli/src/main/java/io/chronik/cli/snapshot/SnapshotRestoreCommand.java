package io.chronik.cli.snapshot;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.ChronikException;
import io.chronik.broker.snapshot.SnapshotCatalog;
import io.chronik.broker.snapshot.store.SnapshotStore;
import io.chronik.broker.snapshot.store.SnapshotStores;
import io.chronik.broker.snapshot.store.StoreSettings;
import io.chronik.cli.Chronik;
import io.chronik.cli.Confirmation;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OptionChecks;
import io.chronik.cli.OutputOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot restore}: builds a node's data dir from the archives in a store. */
@Command(
    name = "restore",
    description = {
      "Build a node's data dir from a snapshot store, for disaster recovery"
          + " (docs/disaster-recovery.md). Per group (the metadata group, and every partition"
          + " the restored metadata assigns to --node-id) it takes the newest archive in the"
          + " store that verifies, for one cluster (--cluster-id; needed when the store holds"
          + " several). Partitions that share a Raft group (--partitions-per-group) come from"
          + " the group's one archive, <topic>-<first>..<last>, and keep sharing it.",
      "Every archive is verified before anything is written. The data dir is built in a"
          + " temporary sibling directory and renamed into place only when complete: a failure"
          + " leaves the target as it was. A non-empty data dir is refused unless --force; with"
          + " --force it is replaced only after the new one is complete (confirmation on a"
          + " terminal; --yes skips it). A data dir of another cluster (its node.json) is"
          + " refused unless --allow-other-cluster. --dry-run prints the plan and writes"
          + " nothing.",
      "Start the node afterwards with the same --node-id and --peers as every other restored"
          + " node: it forms fresh Raft groups on the restored state (same offsets, committed"
          + " consumer-group offsets, producer state).",
      "The JSON form is {\"dryRun\", \"clusterId\", \"nodeId\", \"dataDir\", \"store\","
          + " \"replaced\", \"peers\", \"groups\": [{\"group\", \"groupId\", \"kind\","
          + " \"partitions\", \"index\","
          + " \"term\", \"archive\", \"sizeBytes\", \"logEndOffset\"}],"
          + " \"skipped\": [{\"archive\", \"problem\"}]}; skipped lists damaged archives passed"
          + " over for an older one.",
      "Exit 0 when restored (or planned), 64 for a bad option, a non-empty data dir without"
          + " --force (CHR-7106), a store of several clusters without --cluster-id"
          + " (CHR-7109), or a --node-id or --peers that do not match the snapshot's cluster"
          + " (CHR-7112), 65 when a group has no archive that verifies (CHR-7107, naming each"
          + " damaged archive), the data dir belongs to another cluster (CHR-7108) or an"
          + " archive changed in the store after it was verified (CHR-7111, or the damage's"
          + " code), 69 when the store cannot be reached or the data dir is in use, 1 when"
          + " writing failed (CHR-7110) or nothing is in the store. On every failure the target"
          + " is as it was."
    },
    footer = {
      "  # what would be restored for node 1",
      "  chronik snapshot restore --from s3://backups/chronik --data-dir /var/lib/chronik \\",
      "      --node-id 1 --peers 1@10.0.0.1:9093,2@10.0.0.2:9093,3@10.0.0.3:9093 --dry-run",
      "",
      "  # restore it, replacing what is left of the old data dir",
      "  chronik snapshot restore --from s3://backups/chronik --data-dir /var/lib/chronik \\",
      "      --node-id 1 --peers 1@10.0.0.1:9093,2@10.0.0.2:9093,3@10.0.0.3:9093 --force --yes"
    })
public final class SnapshotRestoreCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private OutputOptions output;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "STORE_URI",
      description =
          "The snapshot store: file:///dir, s3://bucket/prefix, gs://bucket/prefix or"
              + " azure://container/prefix (credentials from S3_*, AZURE_*).")
  private String from;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description = "The node's data dir to build (absent or empty, or any with --force).")
  private Path dataDir;

  @Option(
      names = "--node-id",
      required = true,
      paramLabel = "N",
      description = "The node to restore: its partitions are those the metadata assigns to N.")
  private int nodeId;

  @Option(
      names = "--peers",
      split = ",",
      paramLabel = "ID@HOST:PORT",
      description =
          "The Raft peers the restored cluster starts with (as given to 'chronik standalone"
              + " --raft --peers'); recorded in the data dir and checked against the metadata.")
  private List<String> peers = new ArrayList<>();

  @Option(
      names = "--cluster-id",
      paramLabel = "ID",
      description = "The cluster whose archives to use (needed when the store holds several).")
  private String clusterId;

  @Option(
      names = "--allow-other-cluster",
      description = "Restore even when the data dir's node.json names another cluster.")
  private boolean allowOtherCluster;

  @Option(
      names = "--force",
      description = "Replace a non-empty data dir (only once the new one is complete).")
  private boolean force;

  @Option(names = "--dry-run", description = "Verify and print the plan; write nothing.")
  private boolean dryRun;

  @Option(names = "--yes", description = "Replace a data dir without asking for confirmation.")
  private boolean yes;

  @Override
  public Integer call() {
    OptionChecks.atLeast(spec, "--node-id", nodeId, 0);
    if (clusterId != null && (clusterId.isBlank() || clusterId.contains("/"))) {
      throw OptionChecks.invalid(spec, "--cluster-id", "'" + clusterId + "' is not a cluster id");
    }
    List<String> peerSpecs = checkedPeers();
    Path target = dataDir.toAbsolutePath().normalize();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onTerminal(err, output);
    RestoreTarget dir = RestoreTarget.inspect(target);
    if (dir.nonEmpty() && !force) {
      throw new ChronikException(
          RestoreTarget.NOT_EMPTY,
          ChronikException.Kind.USAGE,
          "data dir " + target + " is not empty; nothing was written",
          "restore into an empty or new directory, or add --force to replace it (the old"
              + " contents go only once the new data dir is complete)");
    }
    RestorePlan plan;
    try (SnapshotStore store =
        SnapshotStores.open(
            SnapshotStores.parseUri(from),
            StoreSettings.settingsFromEnvironment(Chronik.environment(spec).variables()))) {
      SnapshotCatalog catalog = SnapshotCatalog.ofStore(store, clusterId);
      plan = RestorePlan.make(catalog, nodeId, progress);
      dir.checkCluster(plan.clusterId(), allowOtherCluster);
      plan.checkPeers(peerSpecs);
      if (!dryRun) {
        if (dir.nonEmpty()
            && !Confirmation.confirm(
                spec,
                yes,
                "replace the data dir "
                    + target
                    + " by node "
                    + nodeId
                    + " of cluster "
                    + plan.clusterId()
                    + " restored from "
                    + store.uri())) {
          err.println("chronik: aborted; nothing was written");
          err.flush();
          return ExitCodes.RUNTIME;
        }
        dir.build(plan, catalog, nodeId, peerSpecs, store.uri().toString(), progress);
      }
      print(out, plan, target, store.uri().toString(), dir.nonEmpty(), peerSpecs);
    }
    return ExitCodes.OK;
  }

  private List<String> checkedPeers() {
    List<String> out = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (String peer : peers) {
      BrokerConfig.PeerAddress p;
      try {
        p = BrokerConfig.PeerAddress.parse(peer.strip());
      } catch (IllegalArgumentException e) {
        throw OptionChecks.invalid(spec, "--peers", e.getMessage());
      }
      if (!ids.add(p.nodeId())) {
        throw OptionChecks.invalid(spec, "--peers", "node " + p.nodeId() + " is listed twice");
      }
      out.add(p.nodeId() + "@" + p.host() + ":" + p.raftPort());
    }
    if (!out.isEmpty() && !ids.contains(nodeId)) {
      throw OptionChecks.invalid(
          spec, "--peers", "the peers must include this node (--node-id " + nodeId + ")");
    }
    return out;
  }

  /** The JSON document. */
  record Restore(
      boolean dryRun,
      String clusterId,
      int nodeId,
      String dataDir,
      String store,
      boolean replaced,
      List<String> peers,
      List<RestorePlan.Pick> groups,
      List<RestorePlan.Skipped> skipped) {}

  private void print(
      PrintWriter out,
      RestorePlan plan,
      Path target,
      String store,
      boolean replaced,
      List<String> peerSpecs) {
    if (output.isJson()) {
      out.println(
          Json.write(
              new Restore(
                  dryRun,
                  plan.clusterId(),
                  nodeId,
                  target.toString(),
                  store,
                  replaced && !dryRun,
                  peerSpecs,
                  plan.picks(),
                  plan.skipped())));
      out.flush();
      return;
    }
    out.println(
        (dryRun ? "plan: node " : "node ")
            + nodeId
            + " of cluster "
            + plan.clusterId()
            + " from "
            + store
            + " into "
            + target);
    for (RestorePlan.Pick p : plan.picks()) {
      out.println(
          "  "
              + p.group()
              + "@"
              + p.index()
              + "  term "
              + p.term()
              + "  "
              + Formats.bytes(p.sizeBytes())
              + "  "
              + p.archive());
    }
    for (RestorePlan.Skipped s : plan.skipped()) {
      out.println("  skipped (damaged) " + s.archive() + ": " + s.problem());
    }
    long bytes = plan.picks().stream().mapToLong(RestorePlan.Pick::sizeBytes).sum();
    if (dryRun) {
      out.println(
          "would restore "
              + plan.picks().size()
              + " groups ("
              + Formats.bytes(bytes)
              + " of archives); nothing was written");
    } else {
      out.println(
          "restored "
              + plan.picks().size()
              + " groups ("
              + Formats.bytes(bytes)
              + " of archives) into "
              + target
              + (replaced ? " (the old contents were replaced)" : "")
              + "; start the node with --node-id "
              + nodeId
              + (peerSpecs.isEmpty() ? "" : " --raft --peers " + String.join(",", peerSpecs)));
    }
    out.flush();
  }
}
