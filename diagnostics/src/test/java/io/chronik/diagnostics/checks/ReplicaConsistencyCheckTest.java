package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.FakeLocalHost;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.probe.ClusterProbe;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.ReplicasInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** consistency.replicas on recorded /v1/replicas answers of three nodes (three-replicas). */
class ReplicaConsistencyCheckTest {
  private final ReplicaConsistencyCheck check = new ReplicaConsistencyCheck();

  private static ClusterSnapshot recorded() {
    return Fixtures.snapshot("three-replicas", Set.of(ClusterProbe.Extra.REPLICAS));
  }

  private static CheckInput input(ClusterSnapshot snapshot) {
    return new CheckInput(snapshot, Thresholds.defaults(), new FakeLocalHost(), null);
  }

  /** The recording with node {@code nodeId}'s replica of orders-{@code partition} edited. */
  private static CheckInput edited(
      int nodeId, int partition, UnaryOperator<ReplicasInfo.Replica> edit) {
    return SnapshotEdits.of(recorded())
        .node(
            nodeId,
            n -> {
              ReplicasInfo info = n.replicas().get();
              List<ReplicasInfo.Replica> replicas = new ArrayList<>();
              for (ReplicasInfo.Replica r : info.replicas()) {
                replicas.add(r.partition() == partition ? edit.apply(r) : r);
              }
              return withReplicas(
                  n, Fetched.of(new ReplicasInfo(info.nodeId(), info.batches(), replicas)));
            })
        .input();
  }

  private static NodeSnapshot withReplicas(NodeSnapshot n, Fetched<ReplicasInfo> replicas) {
    return new NodeSnapshot(
        n.nodeId(),
        n.admin(),
        n.info(),
        n.groups(),
        n.readiness(),
        n.metrics(),
        n.answeredInMs(),
        n.snapshots(),
        n.elections(),
        n.peerProbe(),
        n.kafkaFromHere(),
        n.clock(),
        replicas);
  }

  /** A copy of the replica whose batch at {@code baseOffset} is replaced by {@code batch}. */
  private static ReplicasInfo.Replica withBatch(
      ReplicasInfo.Replica r, long baseOffset, UnaryOperator<ReplicasInfo.Batch> batch) {
    List<ReplicasInfo.Batch> batches = new ArrayList<>();
    for (ReplicasInfo.Batch b : r.lastBatches()) {
      batches.add(b.baseOffset() == baseOffset ? batch.apply(b) : b);
    }
    return withBatches(r, r.highWatermark(), batches);
  }

  private static ReplicasInfo.Replica withBatches(
      ReplicasInfo.Replica r, long highWatermark, List<ReplicasInfo.Batch> batches) {
    return new ReplicasInfo.Replica(
        r.topic(),
        r.partition(),
        r.groupId(),
        r.role(),
        r.leader(),
        r.term(),
        r.commitIndex(),
        r.appliedIndex(),
        r.logStartOffset(),
        highWatermark,
        highWatermark,
        batches,
        r.error());
  }

  @Test
  void shouldBeOkWithEachPartitionsOffsetsWhenReplicasHoldTheSameBatches() {
    // when
    CheckResult result = only(check, input(recorded()));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo("replicas agree on the last batches of all 3 partitions");
    assertThat(result.details())
        .contains(
            "orders-0: 5 batches at offsets 9950..9999 identical on nodes 1, 2 and 3; node 1"
                + " (leader) HW 10000, node 2 HW 10000, node 3 HW 10000")
        .contains("orders-2: 5 batches at offsets 9950..9999 identical on nodes 1, 2 and 3");
    assertThat(check.needs()).containsExactly(ClusterProbe.Extra.REPLICAS);
  }

  @Test
  void shouldBeCriticalNamingTheOddCopyWhenOneReplicaHasAnotherCrc() {
    // given: node 3's copy of orders-1's batch at 9970 has another CRC
    CheckInput input =
        edited(
            3,
            1,
            r ->
                withBatch(
                    r,
                    9970,
                    b ->
                        new ReplicasInfo.Batch(
                            b.baseOffset(),
                            b.lastOffset(),
                            b.leaderEpoch(),
                            0xdeadbeefL,
                            true,
                            b.sizeBytes())));

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.code()).isEqualTo("CHR-8030");
    assertThat(result.summary()).isEqualTo("replicas differ on 1 partition: orders-1");
    assertThat(result.details())
        .startsWith("orders-1: batch at offset 9970 differs: nodes 1 and 2: ends at 9979, CRC 0x")
        .contains("; node 3: ends at 9979, CRC 0xdeadbeef;");
    assertThat(result.remedy())
        .isEqualTo(
            "orders-1: rebuild node 3's copy: stop node 3, move its data dir aside, and start it"
                + " with an empty data dir and the same --node-id and --peers; it rejoins and"
                + " gets every group's snapshot installed from the leaders. Only while every"
                + " group it holds keeps a majority without it (chronik doctor quick first)."
                + " Check node 3's disk (CHR-8031).");
  }

  @Test
  void shouldMoveLeadershipOffFirstWhenTheLeadersCopyDiffersInItsLastOffset() {
    // given: the leader of orders-0 (node 1) ends its batch at 9960 one offset early
    CheckInput input =
        edited(
            1,
            0,
            r ->
                withBatch(
                    r,
                    9960,
                    b ->
                        new ReplicasInfo.Batch(
                            b.baseOffset(),
                            b.lastOffset() - 1,
                            b.leaderEpoch(),
                            b.crc(),
                            true,
                            b.sizeBytes())));

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.details()).contains("node 1: ends at 9968");
    assertThat(result.remedy())
        .startsWith(
            "orders-0: first move leadership to a good copy: chronik cluster transfer-leader"
                + " --topic orders --partition 0 --to 2 --admin 10.0.0.1:9644\n");
  }

  @Test
  void shouldBeCriticalWhenOneCopyNoLongerMatchesItsOwnCrc() {
    // given
    CheckInput input =
        edited(
            2,
            2,
            r ->
                withBatch(
                    r,
                    9990,
                    b ->
                        new ReplicasInfo.Batch(
                            b.baseOffset(),
                            b.lastOffset(),
                            b.leaderEpoch(),
                            b.crc(),
                            false,
                            b.sizeBytes())));

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.code()).isEqualTo("CHR-8031");
    assertThat(result.summary()).isEqualTo("damaged batches on 1 partition: orders-2");
    assertThat(result.details())
        .contains("node 2's batch at offsets 9990..9999 no longer matches its stored CRC 0x");
    assertThat(result.remedy()).contains("rebuild node 2's copy");
  }

  @Test
  void shouldBeOkComparingWhatAllHaveWhenFollowerLagsTheLeader() {
    // given: node 3 has orders-0 only up to 9970, its last batches 9920..9969
    CheckInput input =
        edited(
            3,
            0,
            r -> {
              List<ReplicasInfo.Batch> batches = new ArrayList<>();
              for (long base = 9920; base < 9970; base += 10) {
                batches.add(new ReplicasInfo.Batch(base, base + 9, 1, 42, true, 1130));
              }
              // the two batches it shares with the leader are copied from the recording
              batches.set(3, r.lastBatches().get(0));
              batches.set(4, r.lastBatches().get(1));
              return withBatches(r, 9970, batches);
            });

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.details())
        .contains(
            "orders-0: 2 batches at offsets 9950..9969 identical on nodes 1, 2 and 3; node 1"
                + " (leader) HW 10000, node 2 HW 10000, node 3 HW 9970 (30 behind,"
                + " replicating)");
  }

  @Test
  void shouldWarnWhenFollowerIsFurtherBehindThanTheBatchesCompared() {
    // given: node 3 has orders-0 only up to 9000
    CheckInput input =
        edited(
            3,
            0,
            r -> withBatches(r, 9000, List.of(new ReplicasInfo.Batch(8990, 8999, 1, 7, true, 99))));

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary())
        .isEqualTo(
            "could not compare 1 partition: a follower is more than 5 batches behind: orders-0");
    assertThat(result.details()).contains("node 3 HW 9000 (1000 behind, replicating)");
  }

  @Test
  void shouldBeUnknownNamingTheNodeWhenANodeDoesNotAnswer() {
    // given
    CheckInput input =
        SnapshotEdits.of(recorded())
            .node(3, n -> withReplicas(n, Fetched.failed("connection refused")))
            .input();

    // when
    CheckResult result = only(check, input);

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary())
        .isEqualTo(
            "could not compare every replica of 3 partitions: orders-0, orders-1 and orders-2");
    assertThat(result.details())
        .contains(
            "orders-0: 5 batches at offsets 9950..9999 identical on nodes 1 and 2; node 1"
                + " (leader) HW 10000, node 2 HW 10000, node 3 did not answer (connection"
                + " refused)")
        .endsWith("node 3 did not answer: connection refused");
    assertThat(result.remedy()).contains("bring back node 3");
  }

  @Test
  void shouldBeUnknownWhenTheRunDidNotFetchReplicas() {
    // when: a snapshot without the extra, as an old bundle has
    CheckResult result = only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.details()).contains("node 1 did not answer: " + NodeSnapshot.NOT_PROBED);
  }
}
