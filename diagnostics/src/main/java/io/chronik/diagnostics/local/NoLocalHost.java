package io.chronik.diagnostics.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A machine with nothing on it: what a check sees when doctor runs offline (from a debug bundle),
 * where the machine it runs on is not the cluster's.
 */
public final class NoLocalHost implements LocalHost {
  @Override
  public Optional<DataDirIdentity> identity(Path dataDir) {
    return Optional.empty();
  }

  @Override
  public DiskUsage diskUsage(Path dir) throws IOException {
    throw new IOException("offline: no local file system to look at");
  }

  @Override
  public FsyncResult fsync(Path dir, int writes, int blockBytes) throws IOException {
    throw new IOException("offline: no local disk to measure");
  }
}
