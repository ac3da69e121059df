package io.chronik.diagnostics;

import io.chronik.diagnostics.checks.AdvertisedReachableCheck;
import io.chronik.diagnostics.checks.ClockSkewCheck;
import io.chronik.diagnostics.checks.DiskFreeCheck;
import io.chronik.diagnostics.checks.FsyncCheck;
import io.chronik.diagnostics.checks.GcCheck;
import io.chronik.diagnostics.checks.NodeReachableCheck;
import io.chronik.diagnostics.checks.NodeReadyCheck;
import io.chronik.diagnostics.checks.PartitionUnderReplicatedCheck;
import io.chronik.diagnostics.checks.PartitionsPerNodeCheck;
import io.chronik.diagnostics.checks.PeerReachableCheck;
import io.chronik.diagnostics.checks.RaftAppliedLagCheck;
import io.chronik.diagnostics.checks.RaftElectionChurnCheck;
import io.chronik.diagnostics.checks.RaftLeaderPresentCheck;
import io.chronik.diagnostics.checks.RaftQuorumCheck;
import io.chronik.diagnostics.checks.RaftTimeoutsCheck;
import io.chronik.diagnostics.checks.RecoveryPlanCheck;
import io.chronik.diagnostics.checks.ReplicaConsistencyCheck;
import io.chronik.diagnostics.checks.RequestLatencyCheck;
import io.chronik.diagnostics.checks.SnapshotBacklogCheck;
import io.chronik.diagnostics.checks.SnapshotFreshCheck;
import io.chronik.diagnostics.checks.StoreReachableCheck;
import java.util.List;
import java.util.Optional;

/**
 * Every implemented check, in report order. Only checks that work go here: a playbook lists what
 * exists, and a check still to be built is simply absent.
 */
public final class Checks {
  private static final List<Check> ALL =
      List.of(
          new NodeReachableCheck(),
          new NodeReadyCheck(),
          new RaftLeaderPresentCheck(),
          new RaftQuorumCheck(),
          new RaftElectionChurnCheck(),
          new RaftTimeoutsCheck(),
          new ClockSkewCheck(),
          new PeerReachableCheck(),
          new AdvertisedReachableCheck(),
          new RaftAppliedLagCheck(),
          new PartitionUnderReplicatedCheck(),
          new ReplicaConsistencyCheck(),
          new DiskFreeCheck(),
          new SnapshotBacklogCheck(),
          new SnapshotFreshCheck(),
          new StoreReachableCheck(),
          new RequestLatencyCheck(),
          new GcCheck(),
          new PartitionsPerNodeCheck(),
          new FsyncCheck(),
          new RecoveryPlanCheck());

  private Checks() {}

  public static List<Check> all() {
    return ALL;
  }

  public static List<String> ids() {
    return ALL.stream().map(Check::id).toList();
  }

  public static Optional<Check> find(String id) {
    return ALL.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The position of the check in report order. */
  static int order(String id) {
    return ids().indexOf(id);
  }
}
