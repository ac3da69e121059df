package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.probe.ClusterSnapshot;
import io.chronik.diagnostics.probe.Fetched;
import io.chronik.diagnostics.probe.NodeSnapshot;
import io.chronik.diagnostics.probe.PrometheusMetrics;
import io.chronik.diagnostics.probe.RaftGroup;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which leader {@code chronik cluster status} shows for each group. */
class ClusterStatusTest {
  private static final String GROUP = "5e0c2b1a-0000-4000-8000-000000000003";

  @Test
  void shouldShowTheLeaderAsTheLeaderItselfReportsIt() {
    // given: node 2 leads, node 1 follows it
    ClusterSnapshot snapshot =
        snapshot(answered(1, group("FOLLOWER", 2, 4)), answered(2, group("LEADER", 2, 4)));

    // when
    List<ClusterStatus.Group> groups = ClusterStatus.groups(snapshot);

    // then
    assertThat(groups).singleElement().extracting(ClusterStatus.Group::leader).isEqualTo(2);
  }

  @Test
  void shouldShowNoLeaderWhenTheLeaderTheFollowersNameDidNotAnswer() {
    // given: node 3 was killed; node 1 still names it (no majority left to elect another)
    ClusterSnapshot snapshot =
        snapshot(answered(1, group("CANDIDATE", 3, 4)), NodeSnapshot.unanswered(3, "h:3", "down"));

    // when
    List<ClusterStatus.Group> groups = ClusterStatus.groups(snapshot);

    // then
    assertThat(groups).singleElement().extracting(ClusterStatus.Group::leader).isEqualTo(-1);
  }

  @Test
  void shouldShowNoLeaderWhenTheNamedLeaderAnsweredWithoutLeadingTheGroup() {
    // given: node 2 answered and follows; node 1's view names node 2 from an earlier term
    ClusterSnapshot snapshot =
        snapshot(answered(1, group("FOLLOWER", 2, 4)), answered(2, group("CANDIDATE", -1, 5)));

    // when
    List<ClusterStatus.Group> groups = ClusterStatus.groups(snapshot);

    // then
    assertThat(groups).singleElement().extracting(ClusterStatus.Group::leader).isEqualTo(-1);
  }

  @Test
  void shouldKeepTheNamedLeaderWhenItAnsweredButItsGroupsCouldNotBeRead() {
    // given: node 2 answers, but its group list timed out
    NodeSnapshot leader =
        new NodeSnapshot(
            2,
            "h:2",
            Fetched.failed("timeout"),
            Fetched.failed("timeout"),
            Fetched.failed("timeout"),
            Fetched.of(PrometheusMetrics.parse("")),
            -1);
    ClusterSnapshot snapshot = snapshot(answered(1, group("FOLLOWER", 2, 4)), leader);

    // when
    List<ClusterStatus.Group> groups = ClusterStatus.groups(snapshot);

    // then
    assertThat(groups).singleElement().extracting(ClusterStatus.Group::leader).isEqualTo(2);
  }

  private static RaftGroup group(String role, int leader, long term) {
    return new RaftGroup(
        GROUP,
        "partition",
        "orders",
        0,
        List.of(0),
        10L,
        0L,
        role,
        leader,
        term,
        10,
        10,
        0,
        10,
        -1,
        List.of(),
        List.of(1, 2, 3));
  }

  private static NodeSnapshot answered(int nodeId, RaftGroup group) {
    return new NodeSnapshot(
        nodeId,
        "h:" + nodeId,
        Fetched.failed("not asked"),
        Fetched.of(List.of(group)),
        Fetched.failed("not asked"),
        Fetched.failed("not asked"),
        5);
  }

  private static ClusterSnapshot snapshot(NodeSnapshot... nodes) {
    return new ClusterSnapshot("h:1", Fetched.failed("not asked"), List.of(nodes), Instant.now());
  }
}
