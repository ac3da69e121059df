package io.chronik.broker.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts an archive all or nothing: into a temporary sibling of the target, checked as it is
 * written, renamed into place only when every checksum matched.
 */
final class ArchiveExtractor {
  private static final Logger LOGGER = LoggerFactory.getLogger(ArchiveExtractor.class);

  private ArchiveExtractor() {}

  static SnapshotManifest extract(
      InputStream in, Path targetDir, Consumer<SnapshotManifest> onManifest) throws IOException {
    Path target = targetDir.toAbsolutePath().normalize();
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw new DirectoryNotEmptyException(target.toString());
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".extract-");
    boolean moved = false;
    try {
      VerifyResult result = ArchiveScanner.scan(in, file -> open(tmp, file), onManifest);
      result.orThrow();
      FileSync.tree(tmp);
      if (Files.exists(target)) {
        Files.delete(target);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      FileSync.directory(parent);
      SnapshotManifest manifest = result.manifest();
      LOGGER.info(
          "Extracted snapshot of group {} (term {}, index {}, {} files) into {}",
          manifest.groupId(),
          manifest.term(),
          manifest.index(),
          manifest.files().size(),
          target);
      return manifest;
    } finally {
      if (!moved) {
        deleteTree(tmp);
      }
    }
  }

  private static OutputStream open(Path root, SnapshotManifest.FileEntry file) throws IOException {
    Path path = root.resolve(file.name()).normalize();
    if (!path.startsWith(root)) {
      throw new IOException("refusing to write " + file.name() + " outside " + root);
    }
    Files.createDirectories(path.getParent());
    return Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOGGER.warn("Could not remove the temporary directory {}: {}", root, e.getMessage());
    }
  }
}
