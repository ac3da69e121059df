package io.chronik.broker.snapshot;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** File names inside an archive: relative, {@code /}-separated, no {@code .}/{@code ..}. */
final class EntryNames {
  private EntryNames() {}

  /** The archive name of {@code file} under {@code baseDir}. */
  static String of(Path baseDir, Path file) {
    Path relative = baseDir.relativize(baseDir.resolve(file)).normalize();
    StringBuilder sb = new StringBuilder();
    for (Path part : relative) {
      sb.append(sb.length() == 0 ? "" : "/").append(part);
    }
    String name = sb.toString();
    check(name);
    return name;
  }

  /** Throws unless every name is valid and appears once. */
  static void checkAll(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      check(name);
      if (!seen.add(name)) {
        throw bad("file name '" + name + "' appears twice");
      }
    }
  }

  static void check(String name) {
    if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
      throw bad("file name '" + name + "' is not a relative /-separated name");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw bad("file name '" + name + "' has an empty, '.' or '..' segment");
      }
    }
  }

  private static SnapshotFormatException bad(String message) {
    return new SnapshotFormatException(SnapshotError.BAD_ENTRY, message);
  }
}
