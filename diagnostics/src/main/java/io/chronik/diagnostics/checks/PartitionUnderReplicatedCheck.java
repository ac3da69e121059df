package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.Check;
import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.probe.RaftGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code partition.under-replicated}: every partition has all its replicas up and in sync with the
 * leader. A replica is out of sync when its node did not answer, does not host the group, or, in
 * the leader's view, has not been heard from for {@code followerContactMs} or is more than {@code
 * followerLagEntries} behind the leader's commit index. WARN when a partition has replicas out of
 * sync, CRIT when fewer than a majority is in sync (writes stop).
 */
public final class PartitionUnderReplicatedCheck implements Check {
  public static final String ID = "partition.under-replicated";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Every partition has all its replicas in sync";
  }

  @Override
  public String description() {
    return "For each partition of /v1/cluster: a replica is out of sync when its node did not"
        + " answer, does not host the partition's group, or, as the leader reports it, has not"
        + " been heard from for 5 s or is more than 10,000 entries behind the leader's commit"
        + " index (then it may need a snapshot). WARN when a partition has replicas out of"
        + " sync; CRIT when fewer than a majority is in sync, so writes stop; UNKNOWN without"
        + " cluster metadata, or when the leader did not answer and nothing else is known.";
  }

  @Override
  public String remedy() {
    return "Bring back the missing nodes; a follower that is behind but in contact catches up by"
        + " itself, by installing a snapshot if needed (CHR-3002).";
  }

  @Override
  public List<CheckResult> run(CheckInput input) {
    if (!input.snapshot().cluster().ok()) {
      return List.of(NodeFindings.noCluster(ID, input.snapshot()));
    }
    Thresholds limits = input.thresholds();
    List<String> critical = new ArrayList<>();
    List<String> under = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    boolean snapshotNeeded = false;
    int partitions = 0;
    for (GroupView group : GroupView.of(input.snapshot())) {
      if (group.isMeta() || !group.membershipKnown() || group.members().isEmpty()) {
        continue;
      }
      partitions++;
      Map<Integer, String> outOfSync = new TreeMap<>();
      group.silent().forEach(n -> outOfSync.put(n, "did not answer"));
      group.absent().forEach(n -> outOfSync.put(n, "does not host it"));
      Optional<RaftGroup> leader = group.leaderReport();
      if (leader.isPresent()) {
        for (RaftGroup.Follower f : leader.get().followers()) {
          if (!group.members().contains(f.nodeId()) || outOfSync.containsKey(f.nodeId())) {
            continue;
          }
          long behind = leader.get().commitIndex() - f.matchIndex();
          if (f.matchIndex() < leader.get().logStartIndex() - 1) {
            outOfSync.put(f.nodeId(), "needs a snapshot (" + behind + " entries behind)");
            snapshotNeeded = true;
          } else if (behind > limits.followerLagEntries()) {
            outOfSync.put(f.nodeId(), behind + " entries behind");
          } else if (f.lastContactMs() > limits.followerContactMs()) {
            outOfSync.put(f.nodeId(), "no contact for " + Text.ms(f.lastContactMs()));
          }
        }
      } else if (outOfSync.isEmpty()) {
        unknown.add(group.label() + " (no leader answered)");
        continue;
      }
      int inSync = group.members().size() - outOfSync.size();
      if (outOfSync.isEmpty()) {
        continue;
      }
      List<String> reasons = new ArrayList<>();
      outOfSync.forEach((node, why) -> reasons.add("node " + node + " " + why));
      String line =
          group.label()
              + ": "
              + inSync
              + " of "
              + group.members().size()
              + " replicas in sync ("
              + String.join(", ", reasons)
              + ")";
      if (inSync < group.majority()) {
        critical.add(line);
      } else {
        under.add(line);
      }
    }
    List<String> details = new ArrayList<>(critical);
    details.addAll(under);
    if (!unknown.isEmpty()) {
      details.add("not known: " + Text.list(unknown));
    }
    String code =
        snapshotNeeded ? ErrorCatalogue.SNAPSHOT_INSTALL_NEEDED : ErrorCatalogue.UNDER_REPLICATED;
    if (!critical.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.CRIT,
              Text.count(critical.size(), "partition has", "partitions have")
                  + " fewer than a majority of replicas in sync",
              String.join("\n", details),
              "bring back the missing replicas' nodes: these partitions cannot take writes;"
                  + " chronik doctor recovery prints the steps",
              code,
              null));
    }
    if (!under.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.WARN,
              Text.count(under.size(), "partition is", "partitions are") + " under-replicated",
              String.join("\n", details),
              "bring back the missing nodes; followers behind but in contact catch up by"
                  + " themselves",
              code,
              null));
    }
    if (!unknown.isEmpty()) {
      return List.of(
          new CheckResult(
              ID,
              Status.UNKNOWN,
              "could not check " + Text.count(unknown.size(), "partition", "partitions"),
              String.join("\n", details),
              "see raft.leader-present and node.reachable",
              "",
              null));
    }
    return List.of(
        CheckResult.ok(
            ID,
            partitions == 0
                ? "no partitions yet"
                : Text.all(partitions, "partition has", "partitions have")
                    + " every replica in sync",
            ""));
  }
}
