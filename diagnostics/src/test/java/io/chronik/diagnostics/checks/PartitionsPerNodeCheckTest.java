package io.chronik.diagnostics.checks;

import static io.chronik.diagnostics.checks.CheckAssertions.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckInput;
import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.FakeLocalHost;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.Thresholds;
import io.chronik.diagnostics.probe.ClusterInfo;
import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Fetched;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionsPerNodeCheckTest {
  private final PartitionsPerNodeCheck check = new PartitionsPerNodeCheck();

  @Test
  void shouldBeOkListingEveryNodesCountWhenNodesHostFewReplicas() {
    // when: orders has 3 partitions of 3 replicas
    CheckResult result = only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("at most 3 partition replicas per node (limit 300)");
    assertThat(result.details())
        .startsWith("node 1: 3 partition replicas (~17 threads, ~5 MiB for them)")
        .contains("\nnode 3: 3 partition replicas (~17 threads, ~5 MiB for them)");
  }

  @Test
  void shouldWarnNamingTheNodeWhenItHostsMoreReplicasThanMeasured() {
    // given: 300 more single-replica partitions on node 3
    ClusterSnapshot recorded = Fixtures.snapshot("three-healthy");
    ClusterInfo cluster = recorded.cluster().get();
    List<ClusterInfo.Partition> big = new ArrayList<>();
    for (int p = 0; p < 300; p++) {
      big.add(new ClusterInfo.Partition(p, "g-big-" + p, List.of(3), 3, 1));
    }
    List<ClusterInfo.Topic> topics = new ArrayList<>(cluster.topics());
    topics.add(new ClusterInfo.Topic("big", "b1g", Map.of(), big));
    ClusterSnapshot snapshot =
        new ClusterSnapshot(
            recorded.seed(),
            Fetched.of(
                new ClusterInfo(
                    cluster.clusterId(), cluster.metaLeader(), cluster.nodes(), topics)),
            recorded.nodes(),
            recorded.takenAt());

    // when
    CheckResult result =
        only(check, new CheckInput(snapshot, Thresholds.defaults(), new FakeLocalHost(), null));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.code()).isEqualTo("CHR-8013");
    assertThat(result.summary())
        .isEqualTo("node 3 hosts more than 300 partition replicas (up to 303)");
    assertThat(result.details())
        .contains("node 1: 3 partition replicas")
        .contains("node 3: 303 partition replicas (~1727 threads, ~515 MiB for them)");
  }

  @Test
  void shouldBeUnknownWhenThereIsNoClusterMetadata() {
    // when
    CheckResult result = only(check, Fixtures.input("seed-unreachable"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check: no cluster metadata");
  }
}
