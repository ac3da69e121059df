package io.chronik.diagnostics;

import io.chronik.diagnostics.local.DataDirIdentity;
import io.chronik.diagnostics.local.DiskUsage;
import io.chronik.diagnostics.local.FsyncResult;
import io.chronik.diagnostics.local.LocalHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A local machine with recorded answers: data dirs, disk usage, fsync latencies. */
public final class FakeLocalHost implements LocalHost {
  private final Map<Path, DataDirIdentity> identities = new HashMap<>();
  private final Map<Path, DiskUsage> disks = new HashMap<>();
  private List<Long> fsyncNanos = List.of();
  private IOException fsyncFailure;

  /** {@code dir/node.json} names this cluster and node, and its file system has this much room. */
  public FakeLocalHost dataDir(String dir, String clusterId, int nodeId, long usable, long total) {
    Path path = Path.of(dir);
    identities.put(path, new DataDirIdentity(clusterId, nodeId));
    disks.put(path, new DiskUsage(dir, usable, total));
    return this;
  }

  /** Each fsync of the probe takes these times, in order. */
  public FakeLocalHost fsync(List<Long> nanos) {
    this.fsyncNanos = List.copyOf(nanos);
    return this;
  }

  /** The fsync probe fails. */
  public FakeLocalHost fsyncFails(IOException failure) {
    this.fsyncFailure = failure;
    return this;
  }

  @Override
  public Optional<DataDirIdentity> identity(Path dataDir) {
    return Optional.ofNullable(identities.get(dataDir));
  }

  @Override
  public DiskUsage diskUsage(Path dir) throws IOException {
    DiskUsage usage = disks.get(dir);
    if (usage == null) {
      throw new IOException("no such file system: " + dir);
    }
    return usage;
  }

  @Override
  public FsyncResult fsync(Path dir, int writes, int blockBytes) throws IOException {
    if (fsyncFailure != null) {
      throw fsyncFailure;
    }
    return new FsyncResult(dir.toString(), blockBytes, fsyncNanos);
  }
}
