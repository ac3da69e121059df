package io.chronik.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A file holding one offset, replaced atomically: {@code log-start-offset} and {@code
 * recovery-point-offset}. The text format is a version line ({@code 0}) and the offset.
 */
final class OffsetCheckpointFile {

  private static final String VERSION = "0";

  private final Path path;

  OffsetCheckpointFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  void write(long offset) throws IOException {
    String text = VERSION + "\n" + offset + "\n";
    DurableFiles.atomicWrite(path, text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The stored offset; empty when the file is missing.
   *
   * @throws IOException when the file exists but does not hold a version-0 non-negative offset
   */
  OptionalLong read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    if (lines.size() != 2 || !VERSION.equals(lines.get(0).trim())) {
      throw new IOException("unreadable offset checkpoint " + path + ": " + lines);
    }
    try {
      long offset = Long.parseLong(lines.get(1).trim());
      if (offset < 0) {
        throw new IOException("negative offset in " + path + ": " + offset);
      }
      return OptionalLong.of(offset);
    } catch (NumberFormatException e) {
      throw new IOException("unreadable offset checkpoint " + path + ": " + lines, e);
    }
  }
}
