package io.chronik.broker.snapshot;

/**
 * One thing wrong with an archive, named precisely enough to act on.
 *
 * @param error the kind of problem and its code
 * @param region where it is: {@code header}, {@code manifest}, {@code payload}, {@code file} or
 *     {@code archive} (its length)
 * @param subject the damaged file's name for {@code file}; otherwise a short description
 * @param start first byte of the damaged range: an offset in the archive, or for {@code file} in
 *     the uncompressed stream; -1 when there is no range
 * @param end the byte after the damaged range, or -1
 * @param message one line for an operator
 */
public record ArchiveProblem(
    SnapshotError error, String region, String subject, long start, long end, String message) {

  static ArchiveProblem of(SnapshotError error, String region, long start, long end, String msg) {
    return new ArchiveProblem(error, region, region, start, end, msg);
  }

  static ArchiveProblem file(SnapshotError error, String name, long start, long end, String msg) {
    return new ArchiveProblem(error, "file", name, start, end, msg);
  }

  /** {@code CHR-xxxx: message}. */
  @Override
  public String toString() {
    return error.code() + ": " + message;
  }
}
