package io.chronik.broker.snapshot;

import io.chronik.broker.ChronikException;
import java.util.List;

/**
 * A snapshot archive that cannot be trusted or read: bad magic, a checksum mismatch, a truncated
 * file, a newer format version. It is a data error (exit 65) and carries every problem found.
 */
public final class SnapshotFormatException extends ChronikException {
  private static final long serialVersionUID = 1L;

  private final transient List<ArchiveProblem> problems;

  public SnapshotFormatException(SnapshotError error, String message) {
    this(List.of(ArchiveProblem.of(error, "archive", -1, -1, message)), null);
  }

  SnapshotFormatException(List<ArchiveProblem> problems, Throwable cause) {
    super(
        problems.get(0).error().code(),
        Kind.DATA,
        describe(problems),
        problems.get(0).error().hint(),
        cause);
    this.problems = List.copyOf(problems);
  }

  /** Everything found, first problem first. */
  public List<ArchiveProblem> problems() {
    return problems;
  }

  public SnapshotError error() {
    return problems.get(0).error();
  }

  private static String describe(List<ArchiveProblem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).message() + " (" + problems.get(0).error().code() + ")";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size()).append(" problems: ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return sb.toString();
  }
}
