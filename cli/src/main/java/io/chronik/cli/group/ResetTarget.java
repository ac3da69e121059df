package io.chronik.cli.group;

/**
 * Where {@code chronik group reset-offsets} moves a group's offsets.
 *
 * @param kind earliest, latest, or a given offset
 * @param offset the offset for {@link Kind#OFFSET}; clamped to each partition's range
 */
record ResetTarget(Kind kind, long offset) {
  enum Kind {
    EARLIEST,
    LATEST,
    OFFSET
  }
}
