package io.chronik.cli.group;

import java.util.List;

/**
 * What {@code chronik group reset-offsets} did or, with {@code --dry-run}, would do; the JSON form
 * has exactly these fields.
 *
 * @param groupId the group's id
 * @param dryRun true when nothing was changed
 * @param offsets one entry per partition, sorted
 */
public record OffsetReset(String groupId, boolean dryRun, List<Change> offsets) {

  /**
   * @param topic the topic
   * @param partition the partition
   * @param previousOffset the committed offset before, or null when there was none
   * @param newOffset the committed offset after
   */
  public record Change(String topic, int partition, Long previousOffset, long newOffset) {}
}
