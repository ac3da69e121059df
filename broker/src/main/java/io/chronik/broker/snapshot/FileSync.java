package io.chronik.broker.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** fsync of files and directories, so that a rename that follows is durable. */
final class FileSync {
  private FileSync() {}

  static void file(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Makes a directory's entries durable; a file system that cannot is left as it is. */
  static void directory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms (Windows) cannot open a directory; the rename is still atomic
    }
  }

  /** Every file and directory under {@code root}, deepest first, then root. */
  static void tree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
    }
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        directory(p);
      } else {
        file(p);
      }
    }
  }
}
