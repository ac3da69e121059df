package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A node's {@code GET /v1/replicas}: every partition replica it hosts, with the stored headers of
 * its last batches below the high watermark.
 *
 * @param nodeId the node id
 * @param batches how many batches per replica were asked for
 * @param replicas the replicas, by topic and partition
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicasInfo(int nodeId, int batches, List<Replica> replicas) {

  public ReplicasInfo {
    replicas = replicas == null ? List.of() : List.copyOf(replicas);
  }

  /**
   * One partition replica on the node.
   *
   * @param topic the topic
   * @param partition the partition index
   * @param groupId its Raft group
   * @param role the node's role in the group
   * @param leader the group's leader as the node knows it, -1 when none
   * @param term the Raft term
   * @param commitIndex the Raft commit index known here
   * @param appliedIndex the Raft index applied here
   * @param logStartOffset the first offset of the log, -1 when it could not be read
   * @param logEndOffset the next offset of the log, -1 when it could not be read
   * @param highWatermark every offset below it is committed, -1 when it could not be read
   * @param lastBatches the last batches below the high watermark, oldest first
   * @param error why the log could not be read, or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Replica(
      String topic,
      int partition,
      String groupId,
      String role,
      int leader,
      long term,
      long commitIndex,
      long appliedIndex,
      long logStartOffset,
      long logEndOffset,
      long highWatermark,
      List<Batch> lastBatches,
      String error) {

    public Replica {
      lastBatches = lastBatches == null ? List.of() : List.copyOf(lastBatches);
    }

    /** {@code topic-partition}. */
    public String label() {
      return topic + "-" + partition;
    }

    public boolean isLeader() {
      return "LEADER".equals(role);
    }
  }

  /**
   * The stored header of one record batch.
   *
   * @param baseOffset its first offset
   * @param lastOffset its last offset
   * @param leaderEpoch the leader epoch it was written in
   * @param crc the CRC-32C stored in its header
   * @param crcValid whether its bytes still match that CRC on the node's disk
   * @param sizeBytes its size
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Batch(
      long baseOffset,
      long lastOffset,
      int leaderEpoch,
      long crc,
      boolean crcValid,
      int sizeBytes) {}
}
