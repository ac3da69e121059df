package io.chronik.broker.snapshot;

/**
 * The stable codes of snapshot-archive problems, each with the fix an operator can apply. They
 * appear in {@link ArchiveProblem}s, in {@link SnapshotFormatException}s and in docs/exit-codes.md.
 */
public enum SnapshotError {
  NOT_AN_ARCHIVE(
      "CHR-3101", "check the path: a chronik snapshot archive starts with the bytes CHRNKSNP"),
  HEADER_CORRUPT(
      "CHR-3102",
      "the archive is damaged: use another copy (local or in the store) or an older one"),
  NEWER_FORMAT("CHR-3103", "use a chronik release that reads this snapshot format version"),
  MANIFEST_CORRUPT(
      "CHR-3104",
      "the archive is damaged: use another copy (local or in the store) or an older one"),
  PAYLOAD_CORRUPT(
      "CHR-3105",
      "the archive is damaged: use another copy (local or in the store) or an older one"),
  LENGTH_MISMATCH(
      "CHR-3106",
      "the archive is truncated or has bytes appended (an interrupted copy or upload?): copy it"
          + " again or use another copy"),
  FILE_CORRUPT(
      "CHR-3107",
      "the archive is damaged: use another copy (local or in the store) or an older one"),
  BAD_ENTRY(
      "CHR-3108",
      "a file name must be relative without '.' or '..' segments, and appear once; fix the input"),
  SOURCE_CHANGED("CHR-3109", "a file changed while it was archived: take the snapshot again");

  private final String code;
  private final String hint;

  SnapshotError(String code, String hint) {
    this.code = code;
    this.hint = hint;
  }

  public String code() {
    return code;
  }

  /** What to do about it. */
  public String hint() {
    return hint;
  }
}
