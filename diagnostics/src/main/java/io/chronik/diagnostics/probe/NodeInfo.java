package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A node's {@code GET /v1/node}.
 *
 * @param nodeId the node id
 * @param clusterId the cluster id
 * @param ready whether the node serves Kafka requests
 * @param advertisedHost the host clients are told to use
 * @param kafkaPort the Kafka port
 * @param raftPort the Raft port
 * @param adminPort the admin HTTP port
 * @param dataDir the absolute data dir, as the node sees it
 * @param uptimeMs milliseconds since the node started
 * @param metaLeader the metadata group's leader, -1 when none
 * @param config the effective configuration
 * @param dataDirUsableBytes free space of the data dir's file system, when the node reports it
 *     (null on brokers that do not)
 * @param dataDirTotalBytes size of the data dir's file system, when the node reports it
 * @param clockMs the node's wall clock when it answered (epoch ms), null on brokers that do not say
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodeInfo(
    int nodeId,
    String clusterId,
    boolean ready,
    String advertisedHost,
    int kafkaPort,
    int raftPort,
    int adminPort,
    String dataDir,
    long uptimeMs,
    int metaLeader,
    Config config,
    Long dataDirUsableBytes,
    Long dataDirTotalBytes,
    Long clockMs) {

  /**
   * The part of the effective configuration diagnostics read.
   *
   * @param bind the address the listeners bind to
   * @param peers the Raft peers as {@code ID@HOST:PORT}; empty on a one-peer cluster
   * @param raftElectionTimeoutMinMs the Raft election timeout's lower bound, null when not said
   * @param raftElectionTimeoutMaxMs the Raft election timeout's upper bound, null when not said
   * @param raftHeartbeatIntervalMs how often a leader heartbeats idle followers, null when not said
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Config(
      String bind,
      List<String> peers,
      Integer raftElectionTimeoutMinMs,
      Integer raftElectionTimeoutMaxMs,
      Integer raftHeartbeatIntervalMs) {
    public Config {
      peers = peers == null ? List.of() : List.copyOf(peers);
    }
  }
}
