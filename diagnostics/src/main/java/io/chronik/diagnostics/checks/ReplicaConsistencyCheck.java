package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.ReplicasInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code consistency.replicas}: the replicas of every partition hold the same batches. Every node
 * reports, for each replica it hosts, its high watermark and the stored headers of its last batches
 * below it ({@code /v1/replicas}); the batches every replica has, below every replica's high
 * watermark, must have the same last offset and stored CRC on all of them, and every copy must
 * still match its own CRC ({@link ReplicaComparison}). CRIT when they differ, naming the copy that
 * differs from the majority; UNKNOWN when a replica's node did not answer; WARN when a partition
 * could not be compared because a follower is further behind than the batches compared; OK
 * otherwise, with each partition's compared offsets and high watermarks.
 */
public final class ReplicaConsistencyCheck implements Check {
  public static final String ID = "consistency.replicas";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Replicas of every partition hold the same batches";
  }

  @Override
  public String description() {
    return "Every node reports each partition replica it hosts (/v1/replicas): its high watermark"
        + " and the headers of its last "
        + ClusterProbe.REPLICA_BATCHES
        + " batches below it, read from the segment files. For each partition of /v1/cluster,"
        + " the batches that every replica has below every replica's high watermark must end at"
        + " the same offset and carry the same stored CRC-32C, and each copy must still match its"
        + " own CRC. CRIT when they differ (CHR-8030) or a copy is damaged (CHR-8031), naming the"
        + " copy that differs from the majority. A follower behind the leader is replicating,"
        + " not diverged: it is shown with how far behind it is, and only what all replicas have"
        + " is compared; WARN when a partition has data but nothing in common to compare (run"
        + " again). UNKNOWN when a replica's node did not answer.";
  }

  @Override
  public String remedy() {
    return "Replace the diverged or damaged copy with the majority's: move leadership off it if it"
        + " leads, then move the replica to another node (chronik cluster move-replica), or wipe"
        + " that node's data dir and let it rejoin and get snapshots installed (CHR-8030).";
  }

  @Override
  public Set<ClusterProbe.Extra> needs() {
    return Set.of(ClusterProbe.Extra.REPLICAS);
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    ClusterSnapshot snapshot = input.snapshot();
    if (!snapshot.cluster().ok()) {
      return List.of(NodeFindings.noCluster(ID, snapshot));
    }
    ClusterInfo cluster = snapshot.cluster().get();
    List<ReplicaComparison> partitions = new ArrayList<>();
    Map<Integer, String> silentNodes = new TreeMap<>();
    for (ClusterInfo.Topic topic : cluster.topics()) {
      for (ClusterInfo.Partition p : topic.partitions()) {
        Map<Integer, ReplicasInfo.Replica> reports = new TreeMap<>();
        Map<Integer, String> unanswered = new TreeMap<>();
        for (int node : p.replicas()) {
          Fetched<ReplicasInfo> answer =
              snapshot
                  .node(node)
                  .map(NodeSnapshot::replicas)
                  .orElse(Fetched.failed("is not in the cluster's node list"));
          if (!answer.ok()) {
            unanswered.put(node, "did not answer (" + answer.error() + ")");
            silentNodes.put(node, answer.error());
            continue;
          }
          Optional<ReplicasInfo.Replica> replica =
              answer.get().replicas().stream()
                  .filter(r -> r.topic().equals(topic.name()) && r.partition() == p.partition())
                  .findFirst();
          if (replica.isEmpty()) {
            unanswered.put(node, "does not host it (yet)");
          } else if (replica.get().error() != null) {
            unanswered.put(node, "could not read it: " + replica.get().error());
          } else {
            reports.put(node, replica.get());
          }
        }
        partitions.add(
            ReplicaComparison.of(
                topic.name() + "-" + p.partition(),
                new TreeSet<>(p.replicas()),
                reports,
                unanswered));
      }
    }
    return List.of(verdict(snapshot, cluster, partitions, silentNodes));
  }

  private static CheckResult verdict(
      ClusterSnapshot snapshot,
      ClusterInfo cluster,
      List<ReplicaComparison> partitions,
      Map<Integer, String> silentNodes) {
    List<ReplicaComparison> broken = partitions.stream().filter(ReplicaComparison::broken).toList();
    List<ReplicaComparison> notCompared =
        partitions.stream().filter(ReplicaComparison::notCompared).toList();
    List<ReplicaComparison> unknown =
        partitions.stream().filter(p -> !p.unanswered().isEmpty() && !p.broken()).toList();
    List<String> details = new ArrayList<>();
    // worst first: the broken partitions, then the rest in name order
    broken.forEach(p -> details.add(p.line()));
    partitions.stream().filter(p -> !p.broken()).forEach(p -> details.add(p.line()));
    silentNodes.forEach((node, error) -> details.add("node " + node + " did not answer: " + error));
    String detailText = String.join("\n", details);
    if (!broken.isEmpty()) {
      boolean diverged = broken.stream().anyMatch(p -> !p.mismatches().isEmpty());
      List<String> names = broken.stream().map(ReplicaComparison::label).toList();
      return new CheckResult(
          ID,
          Status.CRIT,
          (diverged
                  ? "replicas differ on " + Text.count(names.size(), "partition", "partitions")
                  : "damaged batches on " + Text.count(names.size(), "partition", "partitions"))
              + ": "
              + Text.list(names),
          detailText,
          String.join("\n", remedies(snapshot, cluster, broken)),
          diverged ? ErrorCatalogue.REPLICAS_DIVERGED : ErrorCatalogue.BATCH_DAMAGED,
          null);
    }
    if (!unknown.isEmpty()) {
      return new CheckResult(
          ID,
          Status.UNKNOWN,
          "could not compare every replica of "
              + Text.count(unknown.size(), "partition", "partitions")
              + ": "
              + Text.list(unknown.stream().map(ReplicaComparison::label).toList()),
          detailText,
          silentNodes.isEmpty()
              ? "see partition.under-replicated: a replica that does not host its partition yet"
                  + " is still joining"
              : "bring back "
                  + Text.nodes(silentNodes.keySet())
                  + " (see node.reachable) and run"
                  + " chronik doctor consistency again",
          "",
          null);
    }
    if (!notCompared.isEmpty()) {
      return new CheckResult(
          ID,
          Status.WARN,
          "could not compare "
              + Text.count(notCompared.size(), "partition", "partitions")
              + ": a follower is more than "
              + ClusterProbe.REPLICA_BATCHES
              + " batches behind: "
              + Text.list(notCompared.stream().map(ReplicaComparison::label).toList()),
          detailText,
          "run chronik doctor consistency again once the followers caught up (a busy partition"
              + " moves between the reads); if one stays behind, see partition.under-replicated",
          "",
          null);
    }
    long compared = partitions.stream().filter(p -> !p.compared().isEmpty()).count();
    return CheckResult.ok(
        ID,
        partitions.isEmpty()
            ? "no partitions yet"
            : compared == 0
                ? "no data to compare yet on "
                    + Text.count(partitions.size(), "partition", "partitions")
                : "replicas agree on the last batches of "
                    + Text.all(compared, "partition", "partitions")
                    + (compared < partitions.size()
                        ? " with data (" + (partitions.size() - compared) + " without)"
                        : ""),
        detailText);
  }

  /** The steps that replace each broken partition's bad copies with the majority's. */
  private static List<String> remedies(
      ClusterSnapshot snapshot, ClusterInfo cluster, List<ReplicaComparison> broken) {
    List<String> steps = new ArrayList<>();
    String admin = snapshot.seed();
    for (ReplicaComparison p : broken) {
      int dash = p.label().lastIndexOf('-');
      String topic = p.label().substring(0, dash);
      String partition = p.label().substring(dash + 1);
      if (p.noMajority() || p.diverged().isEmpty()) {
        steps.add(
            p.label()
                + ": no majority of the replicas agrees, so doctor cannot tell the good copy;"
                + " read the batch from each node's partition directory before deciding, or"
                + " restore from a snapshot archive taken before the damage"
                + " (docs/disaster-recovery.md); chronik explain CHR-8030");
        continue;
      }
      Set<Integer> good = new TreeSet<>(p.replicas());
      good.removeAll(p.diverged());
      for (int bad : p.diverged()) {
        if (p.leaderNode() == bad && !good.isEmpty()) {
          steps.add(
              p.label()
                  + ": first move leadership to a good copy: chronik cluster transfer-leader"
                  + " --topic "
                  + topic
                  + " --partition "
                  + partition
                  + " --to "
                  + good.iterator().next()
                  + " --admin "
                  + admin);
        }
        Optional<Integer> spare =
            cluster.nodes().stream()
                .map(ClusterInfo.Node::nodeId)
                .filter(n -> !p.replicas().contains(n) && snapshot.isReachable(n))
                .findFirst();
        if (spare.isPresent()) {
          steps.add(
              p.label()
                  + ": replace node "
                  + bad
                  + "'s copy with a fresh one on node "
                  + spare.get()
                  + ": chronik cluster move-replica --topic "
                  + topic
                  + " --partition "
                  + partition
                  + " --from "
                  + bad
                  + " --to "
                  + spare.get()
                  + " --admin "
                  + admin);
        } else {
          steps.add(
              p.label()
                  + ": rebuild node "
                  + bad
                  + "'s copy: stop node "
                  + bad
                  + ", move its data dir aside, and start it with an empty data dir and the same"
                  + " --node-id and --peers; it rejoins and gets every group's snapshot installed"
                  + " from the leaders. Only while every group it holds keeps a majority without"
                  + " it (chronik doctor quick first). Check node "
                  + bad
                  + "'s disk (CHR-8031).");
        }
      }
    }
    return steps;
  }
}
