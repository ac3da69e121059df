package io.chronik.broker.log;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Hard links with a copy as fallback (another file system, or one without hard links). */
final class FileLinks {
  private FileLinks() {}

  /** Makes {@code link} name the same bytes as {@code existing}; replaces nothing. */
  static void linkOrCopy(Path link, Path existing) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(link)) {
        throw e;
      }
      Path temp = link.resolveSibling(link.getFileName() + DurableFiles.TEMP_SUFFIX);
      Files.copy(existing, temp, StandardCopyOption.REPLACE_EXISTING);
      try (var channel = java.nio.channels.FileChannel.open(temp)) {
        channel.force(true);
      }
      Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
