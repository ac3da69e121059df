package io.chronik.broker.raft;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Writes and reads single-file state-machine snapshots the way Ratis expects them: written to a
 * temporary file, fsynced, renamed into place, with an MD5 sidecar. A snapshot is recorded only
 * after every byte is on disk; a failure throws and records nothing.
 */
final class SnapshotFiles {
  private SnapshotFiles() {}

  static SingleFileSnapshotInfo write(SimpleStateMachineStorage storage, TermIndex ti, byte[] bytes)
      throws IOException {
    File target = storage.getSnapshotFile(ti.getTerm(), ti.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    Files.write(tmp, bytes);
    try (var channel =
        java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    SingleFileSnapshotInfo info =
        new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), ti);
    storage.updateLatestSnapshot(info);
    return info;
  }

  /** Reads a snapshot's bytes after checking them against the MD5 sidecar. */
  static byte[] read(SingleFileSnapshotInfo info) throws IOException {
    Path path = info.getFile().getPath();
    if (info.hasMd5()) {
      MD5Hash actual = MD5FileUtil.computeMd5ForFile(path.toFile());
      if (!actual.equals(info.getFile().getFileDigest())) {
        throw new IOException(
            "snapshot " + path + " does not match its MD5 sidecar (CHR-3001): the file is corrupt");
      }
    }
    return Files.readAllBytes(path);
  }
}
