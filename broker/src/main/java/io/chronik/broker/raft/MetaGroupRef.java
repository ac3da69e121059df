package io.chronik.broker.raft;

import io.chronik.broker.MetaGroupIds;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which group is this cluster's metadata group. A node waiting to join does not know yet: the first
 * metadata group (a name-based id) the cluster adds becomes it. Any other metadata group is
 * refused: it belongs to another cluster.
 */
final class MetaGroupRef {
  private static final Logger LOGGER = LoggerFactory.getLogger(MetaGroupRef.class);

  private volatile RaftGroupId id;

  MetaGroupRef(RaftGroupId id) {
    this.id = id;
  }

  RaftGroupId id() {
    return id;
  }

  /** The metadata group's id; throws while this node waits to be added to a cluster. */
  RaftGroupId require() {
    RaftGroupId current = id;
    if (current == null) {
      throw new IllegalStateException("this node is not in a cluster's metadata group yet");
    }
    return current;
  }

  /** Whether {@code groupId} is this cluster's metadata group (false while none is known). */
  boolean isMeta(RaftGroupId groupId) {
    return groupId.equals(id);
  }

  /**
   * The group id a group key names.
   *
   * @param groupKey {@code __meta} (see {@link #require}) or a partition group id
   */
  RaftGroupId groupIdOf(String groupKey) {
    return "__meta".equals(groupKey) ? require() : RaftGroupId.valueOf(UUID.fromString(groupKey));
  }

  /** Whether {@code groupId} is the metadata group; throws when it is another cluster's. */
  synchronized boolean claims(RaftGroupId groupId) {
    if (groupId.equals(id)) {
      return true;
    }
    if (!MetaGroupIds.isMetaGroupId(groupId.getUuid())) {
      return false;
    }
    if (id == null) {
      id = groupId;
      LOGGER.info("this node takes metadata group {}", groupId.getUuid());
      return true;
    }
    String message =
        "CHR-1210 refused to host Raft metadata group "
            + groupId.getUuid()
            + ": this node belongs to the cluster of metadata group "
            + id.getUuid()
            + "; a node of another cluster tried to add it";
    LOGGER.warn(
        "{} (hint: a node of another cluster, or one started with another --peers list, uses"
            + " this node's address; check the --peers lists and 'chronik cluster add-node'"
            + " targets)",
        message);
    throw new java.util.concurrent.CompletionException(new GroupMismatchException(message));
  }
}
