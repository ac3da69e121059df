package io.chronik.broker.partition;

import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;

/**
 * Feature levels of the partition entries ({@link PartitionEntry}) and of the metadata group's
 * newer commands, for rolling upgrades. Every node registers the highest level it applies ({@link
 * BrokerInfo#entryFormat}); a partition leader proposes an entry type only when every registered
 * node applies it, since any of them may be or become a replica of the partition and must apply the
 * entry (now, or replaying the log later).
 *
 * <ul>
 *   <li>1: {@code APPEND}, one Produce request's batches per entry;
 *   <li>2: {@code MULTI_APPEND}, several Produce requests' appends in one entry (group commit);
 *   <li>3: {@code GROUP_APPEND}, the appends of several partitions that share one Raft group; a
 *       topic gets groups of several partitions only at this level.
 *   <li>4: {@code DELETE_RECORDS}, Kafka's DeleteRecords replicated through the partition's group;
 *       the same release brought the metadata group's {@code delete-offsets} command
 *       (OffsetDelete), which is proposed only at this level too.
 *   <li>5: {@code GROUP_MEMBERSHIP}, metadata commands only: the consumer groups' membership
 *       ({@code store-group-metadata}, {@code remove-group-metadata}) and broker fencing ({@code
 *       fence-broker}). Below it the coordinator keeps the membership to itself and the metadata
 *       leader fences nobody (it only lets back a node an earlier release fenced). The same release
 *       brought {@code create-topic} entries that refuse a name colliding with an existing topic's
 *       when applied; they are proposed only at this level too.
 * </ul>
 *
 * A node registered before levels existed counts as level 1. A new entry type gets the next level
 * and is proposed only once every registered node reports it.
 */
public final class EntryFormat {
  /** Only plain appends. */
  public static final int APPEND = 1;

  /** Multi-append entries. */
  public static final int MULTI_APPEND = 2;

  /** Group-append entries: Raft groups that carry several partitions. */
  public static final int GROUP_APPEND = 3;

  /** Delete-records entries: DeleteRecords moves the log start offset of every replica. */
  public static final int DELETE_RECORDS = 4;

  /** Group membership and fence-broker commands in the metadata group. */
  public static final int GROUP_MEMBERSHIP = 5;

  /** The highest level this release applies. */
  public static final int SUPPORTED = GROUP_MEMBERSHIP;

  private EntryFormat() {}

  /** The level a registration stands for: 0 (a registration without one) is level 1. */
  public static int of(BrokerInfo broker) {
    return Math.max(APPEND, broker.entryFormat());
  }

  /**
   * The highest level every registered node applies, never above this node's own: the level a
   * leader may propose. Level 1 when no node is registered yet.
   */
  public static int clusterLevel(MetadataImage image) {
    if (image.brokers().isEmpty()) {
      return APPEND;
    }
    int level = SUPPORTED;
    for (BrokerInfo b : image.brokers().values()) {
      level = Math.min(level, of(b));
    }
    return level;
  }
}
