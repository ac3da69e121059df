package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.local.DataDirIdentity;
import io.chronik.diagnostics.local.FsyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code perf.fsync}: how fast the disk under {@code --data-dir} makes a write durable, in the
 * spirit of {@code etcdctl check perf}: append {@code fsyncWrites} blocks of {@code
 * fsyncBlockBytes}, each followed by an fdatasync, as a Raft log append does, and compare the p99
 * with the limits. A local check: it runs where {@code chronik doctor} runs, only with {@code
 * --data-dir}.
 */
public final class FsyncCheck implements Check {
  public static final String ID = "perf.fsync";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "The data dir's disk syncs writes fast enough";
  }

  @Override
  public String description() {
    return "Local, only with --data-dir DIR: appends 200 blocks of 4 KiB to a temporary file in"
        + " DIR, each followed by an fdatasync (as a Raft log append does), then removes the"
        + " file. PASS (OK) when the p99 of write+sync is at most 10 ms (etcd's guidance for a"
        + " consensus log); WARN up to 100 ms, since every acknowledged write waits at least"
        + " that long; CRIT above 100 ms. Skipped without --data-dir.";
  }

  @Override
  public String remedy() {
    return "Put the data dir on a local SSD or NVMe device with power-loss protection, away"
        + " from other write-heavy processes; network and shared storage are rarely fast"
        + " enough.";
  }

  @Override
  public boolean local() {
    return true;
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    if (input.localDataDir().isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "not run: needs --data-dir",
              "perf.fsync measures the disk of the machine doctor runs on",
              "run chronik doctor performance --data-dir DIR on the node's host",
              "",
              null));
    }
    Path dir = input.localDataDir().get();
    Integer node = input.local().identity(dir).map(DataDirIdentity::nodeId).orElse(null);
    if (!Files.isDirectory(dir)) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check: " + dir + " is not a directory",
              "",
              "give --data-dir the node's data dir, or a directory on the same disk",
              "",
              node));
    }
    Thresholds limits = input.thresholds();
    FsyncResult result;
    try {
      result = input.local().fsync(dir, limits.fsyncWrites(), limits.fsyncBlockBytes());
    } catch (IOException | RuntimeException e) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check: cannot write in " + dir,
              e.toString(),
              "run doctor as a user that may write in "
                  + dir
                  + ", or give another directory"
                  + " on the same disk",
              "",
              node));
    }
    double p99 = result.p99Ms();
    String details =
        result.writes()
            + " writes of "
            + Text.bytes(result.blockBytes())
            + " + fdatasync in "
            + result.dir()
            + ": p50 "
            + Text.ms(result.p50Ms())
            + ", p99 "
            + Text.ms(p99)
            + ", max "
            + Text.ms(result.maxMs())
            + "; PASS at most "
            + Text.ms(limits.fsyncWarnMs())
            + ", CRIT above "
            + Text.ms(limits.fsyncCritMs());
    if (p99 > limits.fsyncCritMs()) {
      return List.of(
          new CheckResult(
              ID,
              Status.CRIT,
              "FAIL: fsync p99 " + Text.ms(p99) + " is above " + Text.ms(limits.fsyncCritMs()),
              details,
              "move the data dir to a local SSD or NVMe device; every acknowledged write waits"
                  + " for this disk",
              ErrorCatalogue.SLOW_FSYNC,
              node));
    }
    if (p99 > limits.fsyncWarnMs()) {
      return List.of(
          new CheckResult(
              ID,
              Status.WARN,
              "FAIL: fsync p99 " + Text.ms(p99) + " is above " + Text.ms(limits.fsyncWarnMs()),
              details,
              "expect produce latency of at least "
                  + Text.ms(p99)
                  + "; a local SSD or NVMe"
                  + " device does better",
              ErrorCatalogue.SLOW_FSYNC,
              node));
    }
    return List.of(
        new CheckResult(
            ID,
            Status.OK,
            "PASS: fsync p99 " + Text.ms(p99) + " (limit " + Text.ms(limits.fsyncWarnMs()) + ")",
            details,
            "",
            "",
            node));
  }
}
