package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/cluster}: the cluster as the answering node's metadata sees it.
 *
 * @param clusterId the cluster id
 * @param metaLeader the metadata group's leader, -1 when none
 * @param nodes the registered nodes and their addresses
 * @param topics every topic with its partitions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterInfo(String clusterId, int metaLeader, List<Node> nodes, List<Topic> topics) {

  public ClusterInfo {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    topics = topics == null ? List.of() : List.copyOf(topics);
  }

  /** The registered node with this id. */
  public Optional<Node> node(int nodeId) {
    return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
  }

  /**
   * A registered node.
   *
   * @param nodeId the node id
   * @param host its advertised host
   * @param kafkaPort its Kafka port
   * @param adminPort its admin HTTP port
   * @param raftPort its Raft port
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Node(int nodeId, String host, int kafkaPort, int adminPort, int raftPort) {
    /** The admin API address, {@code host:port}. */
    public String admin() {
      return AdminAddress.format(host, adminPort);
    }
  }

  /**
   * A topic.
   *
   * @param name the topic name
   * @param topicId the topic id
   * @param configs the topic's config overrides
   * @param partitions its partitions
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Topic(
      String name, String topicId, Map<String, String> configs, List<Partition> partitions) {
    public Topic {
      configs = configs == null ? Map.of() : Map.copyOf(configs);
      partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
  }

  /**
   * A partition and its Raft group.
   *
   * @param partition the partition index
   * @param groupId its Raft group
   * @param replicas the nodes that hold it, the group's peers
   * @param leader the leader as the answering node sees it, -1 when none
   * @param leaderEpoch the leader's term, -1 when unknown
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Partition(
      int partition, String groupId, List<Integer> replicas, int leader, long leaderEpoch) {
    public Partition {
      replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }
  }
}
