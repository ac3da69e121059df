package io.chronik.diagnostics.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The machine {@code chronik doctor} runs on: what local checks look at. Tests replace it with
 * recorded answers.
 */
public interface LocalHost {
  /** The identity in {@code dataDir/node.json}, when the directory is a chronik data dir here. */
  Optional<DataDirIdentity> identity(Path dataDir);

  /** The space of the file system {@code dir} is on. */
  DiskUsage diskUsage(Path dir) throws IOException;

  /**
   * Appends {@code writes} blocks of {@code blockBytes} to a new file in {@code dir}, syncing the
   * data after each, and removes the file.
   */
  FsyncResult fsync(Path dir, int writes, int blockBytes) throws IOException;
}
