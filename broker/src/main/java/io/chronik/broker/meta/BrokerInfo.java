package io.chronik.broker.meta;

/**
 * A node as registered in the metadata group: the addresses clients and operators use.
 *
 * @param nodeId the node id
 * @param host the advertised host
 * @param kafkaPort the advertised Kafka port
 * @param adminPort the admin HTTP port
 * @param raftPort the Raft port
 * @param rack the node's rack, empty when none
 * @param incarnation the incarnation of the node's data dir ({@code node.json}), empty when unknown
 * @param entryFormat the highest partition entry-format level the node applies ({@link
 *     io.chronik.broker.partition.EntryFormat}); 0 in registrations of releases before levels
 *     existed, which count as level 1
 */
public record BrokerInfo(
    int nodeId,
    String host,
    int kafkaPort,
    int adminPort,
    int raftPort,
    String rack,
    String incarnation,
    int entryFormat) {
  public BrokerInfo {
    rack = rack == null ? "" : rack;
    incarnation = incarnation == null ? "" : incarnation;
  }

  /** A registration without an entry-format level (level 1). */
  public BrokerInfo(
      int nodeId,
      String host,
      int kafkaPort,
      int adminPort,
      int raftPort,
      String rack,
      String incarnation) {
    this(nodeId, host, kafkaPort, adminPort, raftPort, rack, incarnation, 0);
  }

  /** A registration without a known incarnation. */
  public BrokerInfo(
      int nodeId, String host, int kafkaPort, int adminPort, int raftPort, String rack) {
    this(nodeId, host, kafkaPort, adminPort, raftPort, rack, "");
  }
}
