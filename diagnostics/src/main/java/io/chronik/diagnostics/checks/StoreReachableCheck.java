package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.SnapshotsInfo;
import io.chronik.diagnostics.probe.StoreProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code snapshot.store-reachable}: one node writes, reads back and deletes a small object in its
 * snapshot store ({@code POST /v1/actions/probe-store}). A store the node cannot use holds no
 * recent snapshot for disaster recovery, so a failed probe is CRIT.
 */
public final class StoreReachableCheck implements Check {
  public static final String ID = "snapshot.store-reachable";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "The snapshot store accepts writes, reads and deletes";
  }

  @Override
  public String description() {
    return "One node (the one --admin names, else the first that answers) probes its snapshot"
        + " store with POST /v1/actions/probe-store: it writes, reads back and deletes a small"
        + " object under .chronik-probe/, with the node's own credentials. CRIT when the probe"
        + " fails; OK when it works, or when no store is configured (archives then stay on the"
        + " nodes). UNKNOWN when no node could be asked. The probe waits up to three times"
        + " --timeout (the node gives up on the store a little earlier, so a store that hangs is"
        + " CRIT, not UNKNOWN), and runs only when this check is selected (once per run, and per"
        + " round of --watch) and when a debug bundle is collected; doctor --bundle reads the"
        + " probe recorded in the bundle. Each node's upload failures from /v1/snapshots are shown"
        + " with it.";
  }

  @Override
  public String remedy() {
    return "Fix the store's endpoint, bucket or container, or credentials"
        + " (CHRONIK_SNAPSHOT_STORE, S3_*, AZURE_*; docs/snapshots.md) and restart the node."
        + " `chronik snapshot list --store URI` from the node's host tries the same settings.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    Optional<Fetched<StoreProbe>> probed = input.snapshot().storeProbed();
    if (probed.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check: the snapshot store was not probed",
              "this run did not ask a node to probe its store",
              "run `chronik doctor snapshots`, or `--check " + ID + "`",
              "",
              null));
    }
    if (!probed.get().ok()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check: no node probed its snapshot store",
              probed.get().error(),
              remedy(probed.get().error()),
              "",
              null));
    }
    StoreProbe p = probed.get().get();
    String who = p.nodeId() >= 0 ? "node " + p.nodeId() : p.admin();
    Integer node = p.nodeId() >= 0 ? p.nodeId() : null;
    String uploads = uploads(input);
    if (!p.configured()) {
      return List.of(
          new CheckResult(
              ID,
              Status.OK,
              who + " has no snapshot store: archives stay on the nodes' disks",
              "set --snapshot-store (CHRONIK_SNAPSHOT_STORE) on every node to keep copies off the"
                  + " nodes, for disaster recovery",
              "",
              "",
              node));
    }
    if (p.ok()) {
      return List.of(
          new CheckResult(
              ID,
              Status.OK,
              who
                  + " wrote, read and deleted a probe object in "
                  + p.uri()
                  + (p.roundTripMs() >= 0 ? " in " + Text.ms(p.roundTripMs()) : ""),
              uploads,
              "",
              "",
              node));
    }
    String error = p.error() == null ? "(the node gave no reason)" : p.error();
    return List.of(
        new CheckResult(
            ID,
            Status.CRIT,
            who + " cannot use its snapshot store " + p.uri() + ": " + error,
            "the probe writes, reads back and deletes .chronik-probe/<uuid>; "
                + (uploads.isEmpty() ? "no node reported uploads" : uploads),
            "fix the endpoint, bucket or credentials of "
                + p.uri()
                + " (CHRONIK_SNAPSHOT_STORE, S3_*, AZURE_*) and restart "
                + who
                + "; check from its host with `chronik snapshot list --store "
                + p.uri()
                + "`",
            ErrorCatalogue.STORE_UNREACHABLE,
            node));
  }

  private static String remedy(String error) {
    if (error.contains("HTTP 404")) {
      return "the node does not serve /v1/actions/probe-store: run a chronik release that does";
    }
    // BundleTransport's answer to a request the collection did not make
    if (error.contains("not in the bundle")) {
      return "the bundle holds no store probe by this node: leave out --admin to read the one it"
          + " holds, or collect a new bundle with chronik debug bundle (an older chronik did not"
          + " record one)";
    }
    return "see node.reachable; retry once a node answers";
  }

  /** Each node's upload state from /v1/snapshots, for the details. */
  private static String uploads(CheckInput input) {
    List<String> items = new ArrayList<>();
    for (NodeSnapshot n : input.snapshot().nodes()) {
      if (!n.snapshots().ok() || n.snapshots().get().store() == null) {
        continue;
      }
      SnapshotsInfo.Store s = n.snapshots().get().store();
      if (s.uri() == null) {
        continue;
      }
      StringBuilder item = new StringBuilder(n.label());
      item.append(
          s.lastUploadAt() == null ? ": no upload yet" : ": last upload " + s.lastUploadAt());
      if (s.uploadFailures() != null && s.uploadFailures() > 0) {
        item.append(", ").append(s.uploadFailures()).append(" failed attempts");
      }
      if (s.lastUploadError() != null) {
        item.append(", last error: ").append(s.lastUploadError());
      }
      items.add(item.toString());
    }
    return String.join("; ", items);
  }
}
