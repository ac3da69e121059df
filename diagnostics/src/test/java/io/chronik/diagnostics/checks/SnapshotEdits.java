package io.chronik.diagnostics.checks;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.FakeLocalHost;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.probe.ClockReading;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Election;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.PeerProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A recorded snapshot with some nodes' extra answers (journals, peer probes, clocks) replaced. */
final class SnapshotEdits {
  private ClusterSnapshot snapshot;

  private SnapshotEdits(ClusterSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  static SnapshotEdits of(String fixture) {
    return new SnapshotEdits(Fixtures.snapshot(fixture));
  }

  static SnapshotEdits of(ClusterSnapshot snapshot) {
    return new SnapshotEdits(snapshot);
  }

  SnapshotEdits node(int nodeId, UnaryOperator<NodeSnapshot> edit) {
    List<NodeSnapshot> nodes = new ArrayList<>();
    for (NodeSnapshot n : snapshot.nodes()) {
      nodes.add(n.nodeId() == nodeId ? edit.apply(n) : n);
    }
    snapshot = new ClusterSnapshot(snapshot.seed(), snapshot.cluster(), nodes, snapshot.takenAt());
    return this;
  }

  SnapshotEdits elections(int nodeId, Map<String, List<Election>> journals) {
    return node(nodeId, n -> copy(n, Fetched.of(journals), n.peerProbe(), n.clock()));
  }

  SnapshotEdits peers(int nodeId, PeerProbe probe) {
    return node(nodeId, n -> copy(n, n.elections(), Fetched.of(probe), n.clock()));
  }

  SnapshotEdits clock(int nodeId, ClockReading clock) {
    return node(nodeId, n -> copy(n, n.elections(), n.peerProbe(), clock));
  }

  CheckInput input() {
    return new CheckInput(snapshot, Thresholds.defaults(), new FakeLocalHost(), null);
  }

  private static NodeSnapshot copy(
      NodeSnapshot n,
      Fetched<Map<String, List<Election>>> elections,
      Fetched<PeerProbe> peers,
      ClockReading clock) {
    return new NodeSnapshot(
        n.nodeId(),
        n.admin(),
        n.info(),
        n.groups(),
        n.readiness(),
        n.metrics(),
        n.answeredInMs(),
        n.snapshots(),
        elections,
        peers,
        n.kafkaFromHere(),
        clock,
        n.replicas());
  }
}
