package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.local.DataDirIdentity;
import io.chronik.diagnostics.local.DiskUsage;
import io.chronik.diagnostics.probe.NodeInfo;
import io.chronik.diagnostics.probe.NodeSnapshot;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code disk.free}: the file system of every node's data dir has room.
 *
 * <p>Where the number comes from: the node's {@code /v1/node} ({@code dataDirUsableBytes}, {@code
 * dataDirTotalBytes}) when it reports them. Otherwise, when the node's data dir is visible on the
 * machine doctor runs on (its {@code node.json} names the same cluster and node, so it is the very
 * directory and not a namesake), the file system is measured here. Otherwise UNKNOWN.
 */
public final class DiskFreeCheck implements Check {
  public static final String ID = "disk.free";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every node's data dir has free space";
  }

  @Override
  public String description() {
    return "Free space of the file system each node's data dir is on: from /v1/node when the"
        + " node reports it (dataDirUsableBytes, dataDirTotalBytes); otherwise measured on this"
        + " host when the node's data dir (from /v1/node, or --data-dir) is here and its"
        + " node.json names the same cluster and node. WARN below 15% free; CRIT below 5% or"
        + " below 1 GiB; UNKNOWN when neither source is available.";
  }

  @Override
  public String remedy() {
    return "Free space or grow the volume; lower retention.ms or retention.bytes of the largest"
        + " topics so that retention deletes old segments. Never delete files under raft/ or"
        + " partitions/ by hand.";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    List<CheckResult> results = new ArrayList<>();
    for (NodeSnapshot node : input.snapshot().nodes()) {
      if (!node.info().ok()) {
        results.add(NodeFindings.unknown(ID, node, "/v1/node", node.info()));
        continue;
      }
      NodeInfo info = node.info().get();
      if (info.dataDirUsableBytes() != null && info.dataDirTotalBytes() != null) {
        DiskUsage usage =
            new DiskUsage(info.dataDir(), info.dataDirUsableBytes(), info.dataDirTotalBytes());
        results.add(evaluate(node, usage, "reported by the node", input.thresholds()));
        continue;
      }
      Optional<Path> local = localDataDir(input, info);
      if (local.isEmpty()) {
        results.add(
            new CheckResult(
                ID,
                Status.UNKNOWN,
                "could not check " + node.label() + ": it does not report free space",
                "/v1/node has no dataDirUsableBytes, and its data dir "
                    + info.dataDir()
                    + " is not on this host",
                "run chronik doctor on the node's host (it finds the data dir from /v1/node),"
                    + " or check with df -h "
                    + info.dataDir(),
                "",
                node.idOrNull()));
        continue;
      }
      try {
        DiskUsage usage = input.local().diskUsage(local.get());
        results.add(evaluate(node, usage, "measured on this host", input.thresholds()));
      } catch (IOException e) {
        results.add(
            new CheckResult(
                ID,
                Status.UNKNOWN,
                "could not check "
                    + node.label()
                    + ": cannot read the file system of "
                    + local.get(),
                e.toString(),
                "check with df -h " + local.get(),
                "",
                node.idOrNull()));
      }
    }
    return results;
  }

  /** The node's data dir on this host: --data-dir or the node's own path, if it is that node's. */
  private static Optional<Path> localDataDir(CheckInput input, NodeInfo info) {
    Set<Path> candidates = new LinkedHashSet<>();
    input.localDataDir().ifPresent(candidates::add);
    if (info.dataDir() != null && !info.dataDir().isBlank()) {
      try {
        candidates.add(Path.of(info.dataDir()));
      } catch (InvalidPathException e) {
        // a path of another operating system: not here
      }
    }
    DataDirIdentity wanted = new DataDirIdentity(info.clusterId(), info.nodeId());
    return candidates.stream()
        .filter(dir -> input.local().identity(dir).filter(wanted::equals).isPresent())
        .findFirst();
  }

  private static CheckResult evaluate(
      NodeSnapshot node, DiskUsage usage, String source, Thresholds limits) {
    double free = usage.freePercent();
    String amount =
        Text.bytes(usage.usableBytes())
            + " free of "
            + Text.bytes(usage.totalBytes())
            + " ("
            + Text.percent(free)
            + ")";
    String details =
        amount
            + " on the file system of "
            + usage.path()
            + ", "
            + source
            + "; WARN below "
            + Text.percent(limits.diskWarnFreePercent())
            + ", CRIT below "
            + Text.percent(limits.diskCritFreePercent())
            + " or "
            + Text.bytes(limits.diskCritFreeBytes());
    if (free < limits.diskCritFreePercent() || usage.usableBytes() < limits.diskCritFreeBytes()) {
      return new CheckResult(
          ID,
          Status.CRIT,
          node.label() + " is almost out of disk space: " + amount,
          details,
          "free space now: the node stops when the disk is full; lower retention.ms or"
              + " retention.bytes of the largest topics, or grow the volume",
          usage.usableBytes() == 0 ? ErrorCatalogue.NO_SPACE : ErrorCatalogue.DISK_LOW,
          node.idOrNull());
    }
    if (free < limits.diskWarnFreePercent()) {
      return new CheckResult(
          ID,
          Status.WARN,
          node.label() + " is low on disk space: " + amount,
          details,
          "plan more space, or lower retention of the largest topics",
          ErrorCatalogue.DISK_LOW,
          node.idOrNull());
    }
    return new CheckResult(
        ID, Status.OK, node.label() + ": " + amount, details, "", "", node.idOrNull());
  }
}
