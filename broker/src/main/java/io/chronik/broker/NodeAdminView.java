package io.chronik.broker;

import io.chronik.broker.admin.AdminException;
import io.chronik.broker.admin.AdminView;
import io.chronik.broker.membership.RequestFields;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.partition.GroupReplicas;
import io.chronik.broker.partition.PartitionReplica;
import io.chronik.broker.replication.GroupStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the admin HTTP API shows of a node, and the actions it runs there. */
final class NodeAdminView implements AdminView {
  private final Broker broker;
  private final NodeDiagnostics diagnostics;

  NodeAdminView(Broker broker) {
    this.broker = broker;
    this.diagnostics = new NodeDiagnostics(broker, broker.vertx());
  }

  @Override
  public Optional<java.util.concurrent.CompletableFuture<Object>> diagnostics(
      String path, Map<String, String> query) {
    return diagnostics.answer(path, query);
  }

  @Override
  public Optional<io.chronik.broker.admin.SnapshotAdmin> snapshots() {
    return broker.notReady() == null ? Optional.ofNullable(broker.snapshots()) : Optional.empty();
  }

  @Override
  public java.util.concurrent.Executor worker() {
    return broker.adminWorker();
  }

  @Override
  public Optional<String> notReadyReason() {
    if (broker.notReady() != null) {
      return Optional.of(broker.notReady());
    }
    if (!broker.raft().image().brokers().containsKey(broker.config().nodeId())) {
      return Optional.of("this node is not registered in the cluster");
    }
    // after start, ready means: a leader for the metadata group and for every local partition
    for (GroupStatus s : broker.raft().statuses()) {
      if (s.leaderId() < 0) {
        String what =
            "meta".equals(s.kind())
                ? "the metadata group"
                : broker.replicas().group(s.groupId()).map(GroupReplicas::name).orElse(s.groupId());
        return Optional.of("no Raft leader for " + what);
      }
    }
    return Optional.empty();
  }

  @Override
  public Map<String, Object> node() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeId", broker.config().nodeId());
    m.put("clusterId", broker.identity() == null ? "" : broker.identity().clusterId());
    m.put(
        "metaGroupId",
        broker.raft() == null
            ? ""
            : broker.raft().metaGroupId().map(java.util.UUID::toString).orElse(""));
    // partition entry-format levels: this node's, and the one every registered node applies
    m.put("entryFormat", io.chronik.broker.partition.EntryFormat.SUPPORTED);
    m.put(
        "clusterEntryFormat",
        broker.raft() == null
            ? 0
            : io.chronik.broker.partition.EntryFormat.clusterLevel(broker.raft().image()));
    m.put("ready", notReadyReason().isEmpty());
    m.put("advertisedHost", broker.config().advertisedHost());
    m.put("kafkaPort", broker.kafkaPort());
    m.put("raftPort", broker.raftPort());
    m.put("adminPort", broker.adminPort());
    m.put("dataDir", broker.dataDir().toString());
    m.put("uptimeMs", System.currentTimeMillis() - broker.startedAt());
    // the node's wall clock, for the clock-skew check: read last, just before the answer leaves
    m.put("clockMs", 0L);
    m.put(
        "metaLeader",
        broker.raft() == null
            ? -1
            : broker.raft().metaStatus().map(GroupStatus::leaderId).orElse(-1));
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("bind", broker.config().bindHost());
    cfg.put("peers", broker.config().peers().stream().map(Object::toString).toList());
    cfg.put("autoCreateTopics", broker.config().autoCreateTopics());
    cfg.put("defaultPartitions", broker.config().defaultPartitions());
    cfg.put("partitionsPerGroup", broker.config().partitionsPerGroup());
    cfg.put("defaultReplicationFactor", broker.config().defaultReplicationFactor());
    cfg.put("socketRequestMaxBytes", broker.config().socketRequestMaxBytes());
    cfg.put("logSegmentBytes", broker.config().logSegmentBytes());
    cfg.put("retentionMs", broker.config().retentionMs());
    cfg.put("retentionBytes", broker.config().retentionBytes());
    cfg.put("rack", broker.config().rack());
    io.chronik.broker.raft.RaftNode.Settings raftSettings =
        io.chronik.broker.raft.RaftNode.Settings.defaults();
    cfg.put("snapshotLogThreshold", broker.config().snapshots().logThreshold());
    cfg.put("snapshotLogBytesThreshold", broker.config().snapshots().logBytesThreshold());
    cfg.put("raftElectionTimeoutMinMs", raftSettings.electionTimeoutMinMs());
    cfg.put("raftElectionTimeoutMaxMs", raftSettings.electionTimeoutMaxMs());
    cfg.put("raftHeartbeatIntervalMs", raftSettings.heartbeatIntervalMs());
    m.put("config", cfg);
    try {
      java.nio.file.FileStore store = java.nio.file.Files.getFileStore(broker.dataDir());
      m.put("dataDirUsableBytes", store.getUsableSpace());
      m.put("dataDirTotalBytes", store.getTotalSpace());
    } catch (java.io.IOException e) {
      m.put("dataDirUsableBytes", -1L);
      m.put("dataDirTotalBytes", -1L);
    }
    m.put("clockMs", System.currentTimeMillis());
    return m;
  }

  @Override
  public Map<String, Object> cluster() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (broker.raft() == null) {
      m.put("clusterId", broker.identity() == null ? "" : broker.identity().clusterId());
      m.put("metaLeader", -1);
      m.put("nodes", List.of());
      m.put("removed", List.of());
      m.put("fenced", List.of());
      m.put("topics", List.of());
      return m;
    }
    MetadataImage image = broker.raft().image();
    m.put("clusterId", image.clusterId());
    m.put("metaLeader", broker.raft().metaStatus().map(GroupStatus::leaderId).orElse(-1));
    m.put(
        "nodes",
        image.brokers().values().stream()
            .sorted(java.util.Comparator.comparingInt(BrokerInfo::nodeId))
            .toList());
    m.put(
        "removed",
        image.removed().values().stream()
            .sorted(java.util.Comparator.comparingInt(io.chronik.broker.meta.RemovedNode::nodeId))
            .toList());
    m.put("fenced", List.copyOf(image.fenced()));
    List<Map<String, Object>> topics = new ArrayList<>();
    for (var topic : image.topics().values()) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", topic.name());
      t.put("topicId", topic.topicId());
      t.put("configs", topic.configs());
      List<Map<String, Object>> parts = new ArrayList<>();
      for (var p : topic.partitions()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("partition", p.partition());
        pm.put("groupId", p.groupId());
        pm.put("replicas", p.replicas());
        Optional<GroupStatus> s = broker.raft().status(p.groupId());
        pm.put("leader", s.map(GroupStatus::leaderId).orElse(-1));
        pm.put("leaderEpoch", s.map(GroupStatus::term).orElse(-1L));
        parts.add(pm);
      }
      t.put("partitions", parts);
      topics.add(t);
    }
    m.put("topics", topics);
    return m;
  }

  @Override
  public List<Map<String, Object>> raftGroups() {
    List<Map<String, Object>> out = new ArrayList<>();
    if (broker.raft() == null) {
      return out;
    }
    for (GroupStatus s : broker.raft().statuses()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("groupId", s.groupId());
      m.put("kind", s.kind());
      broker
          .replicas()
          .group(s.groupId())
          .ifPresent(
              g -> {
                PartitionReplica r = g.first();
                m.put("topic", r.identity().topic());
                m.put("partition", r.identity().partition());
                m.put("partitions", g.all().stream().map(p -> p.identity().partition()).toList());
                m.put("highWatermark", r.highWatermark());
                m.put("logStartOffset", r.log().logStartOffset());
              });
      m.put("role", s.role());
      m.put("leader", s.leaderId());
      m.put("term", s.term());
      m.put("commitIndex", s.commitIndex());
      m.put("appliedIndex", s.appliedIndex());
      m.put("logStartIndex", s.logStartIndex());
      m.put("logEndIndex", s.logEndIndex());
      m.put("snapshotIndex", s.snapshotIndex());
      m.put("followers", s.followers());
      try {
        m.put("members", broker.raft().members("meta".equals(s.kind()) ? "__meta" : s.groupId()));
      } catch (IOException | RuntimeException e) {
        m.put("members", List.of());
      }
      out.add(m);
    }
    return out;
  }

  @Override
  public Optional<List<?>> elections(String groupId) {
    if (broker.raft() == null) {
      return Optional.empty();
    }
    boolean hosted = broker.raft().statuses().stream().anyMatch(s -> s.groupId().equals(groupId));
    return hosted ? Optional.of(broker.raft().journal().entries(groupId)) : Optional.empty();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Map<String, Object>> transferLeader(
      Map<String, Object> request) {
    try {
      if (broker.raft() == null || broker.notReady() != null) {
        throw new AdminException(
            503, "node " + broker.config().nodeId() + " is not ready: " + broker.notReady());
      }
      if (!(request.get("to") instanceof Number to)) {
        throw new AdminException(400, "give \"to\": the node id of the new leader");
      }
      String groupKey;
      List<Integer> members;
      String what;
      if (request.get("group") != null) {
        if (!"__meta".equals(request.get("group"))) {
          throw new AdminException(
              400,
              "\"group\" can only be \"__meta\" (the metadata group), not "
                  + request.get("group")
                  + "; name a partition with \"topic\" and \"partition\"");
        }
        groupKey = "__meta";
        members = broker.raft().members("__meta");
        what = "the metadata group";
      } else {
        RequestFields fields = new RequestFields(request);
        int partition = (int) fields.required("partition");
        String topic = fields.text("topic", "the topic name, or \"group\": \"__meta\"");
        var info =
            broker
                .raft()
                .image()
                .topic(topic)
                .orElseThrow(() -> new AdminException(404, "topic '" + topic + "' does not exist"));
        if (partition >= info.partitions().size()) {
          throw new AdminException(404, "topic '" + topic + "' has no partition " + partition);
        }
        var assignment = info.partitions().get(partition);
        groupKey = assignment.groupId();
        members = assignment.replicas();
        // a group of several partitions has one leader: they all move
        what = GroupReplicas.nameOf(topic, info.groupPartitions(partition));
      }
      if (!members.contains(to.intValue())) {
        throw new AdminException(
            400, "node " + to + " is not a member of " + what + "; members: " + members);
      }
      return java.util.concurrent.CompletableFuture.supplyAsync(
          () -> {
            try {
              broker.raft().transferLeader(groupKey, members, to.intValue(), 10_000);
            } catch (IOException e) {
              throw new AdminException(409, e.getMessage());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("group", groupKey);
            out.put("target", what);
            out.put("leader", to.intValue());
            out.put("members", members);
            return out;
          },
          broker.adminWorker());
    } catch (AdminException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    } catch (IOException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new AdminException(500, e.getMessage()));
    }
  }

  @Override
  public java.util.concurrent.CompletableFuture<Map<String, Object>> membership(
      String action, Map<String, Object> request) {
    if (broker.raft() == null || broker.notReady() != null) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new AdminException(
              503, "node " + broker.config().nodeId() + " is not ready: " + broker.notReady()));
    }
    io.chronik.broker.membership.MembershipService service =
        new io.chronik.broker.membership.MembershipService(
            broker.raft(), broker.raft().membership(), broker.config().nodeId());
    broker.membershipActionStarted();
    return java.util.concurrent.CompletableFuture.supplyAsync(
            () -> service.run(action, request), broker.adminWorker())
        .whenComplete((r, e) -> broker.membershipActionEnded());
  }

  @Override
  public String metrics() {
    return broker.metrics().scrape();
  }
}
