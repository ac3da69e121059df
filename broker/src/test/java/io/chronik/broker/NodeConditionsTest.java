package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.replication.GroupStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeConditionsTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final NodeConditions conditions =
      new NodeConditions(List::of, id -> "t-" + id, Path.of("/data"), now::get);

  private static GroupStatus group(
      String id, String role, int leader, long logStart, GroupStatus.FollowerStatus... followers) {
    return new GroupStatus(
        id,
        "partition",
        role,
        "LEADER".equals(role),
        leader,
        3,
        100,
        100,
        logStart,
        100,
        50,
        List.of(followers));
  }

  @Test
  void shouldLogQuorumLostOnceWhenGroupStaysLeaderless() {
    // given
    List<GroupStatus> leaderless = List.of(group("0", "CANDIDATE", -1, 0));

    // when
    List<String> first = conditions.check(leaderless, -1);
    now.addAndGet(6_000);
    List<String> later = conditions.check(leaderless, -1);
    now.addAndGet(2_000);
    List<String> again = conditions.check(leaderless, -1);
    List<String> healed = conditions.check(List.of(group("0", "FOLLOWER", 2, 0)), -1);

    // then
    assertThat(first).isEmpty();
    assertThat(later)
        .containsExactly(
            "no Raft leader for 5 s or more in 1 group (t-0): a majority of their replicas is not"
                + " reachable, quorum lost [CHR-1202]");
    assertThat(again).isEmpty();
    assertThat(healed).containsExactly("Raft leader found again for t-0");
  }

  @Test
  void shouldLogOneLinePerSilentFollowerWhenItMissesManyGroups() {
    // given
    GroupStatus.FollowerStatus silent = new GroupStatus.FollowerStatus(3, 100, 7_200);
    GroupStatus.FollowerStatus fine = new GroupStatus.FollowerStatus(2, 100, 10);

    // when
    List<String> lines =
        conditions.check(
            List.of(
                group("0", "LEADER", 1, 0, silent, fine), group("1", "LEADER", 1, 0, silent, fine)),
            -1);
    List<String> repeated = conditions.check(List.of(group("0", "LEADER", 1, 0, silent, fine)), -1);

    // then
    assertThat(lines)
        .containsExactly(
            "follower node 3 has not answered for 7.2 s in 2 groups this node leads (t-0, t-1): is"
                + " its Raft port reachable from here? [CHR-1204]");
    assertThat(repeated).isEmpty();
  }

  @Test
  void shouldLogSnapshotInstallWhenFollowerIsBehindLogStart() {
    // when
    List<String> lines =
        conditions.check(
            List.of(group("0", "LEADER", 1, 80, new GroupStatus.FollowerStatus(2, 40, 10))), -1);

    // then
    assertThat(lines)
        .containsExactly(
            "[t-0] follower node 2 is behind this leader's log start (it has up to index 40, the"
                + " log starts at 80): it must install a snapshot [CHR-3002]");
  }

  @Test
  void shouldLogLowSpaceOnceAndItsEnd() {
    // when
    List<String> full = conditions.check(List.of(), 0);
    List<String> still = conditions.check(List.of(), 0);
    List<String> freed = conditions.check(List.of(), 1L << 30);

    // then
    assertThat(full).containsExactly("no space left on device for the data dir /data [CHR-2101]");
    assertThat(still).isEmpty();
    assertThat(freed).containsExactly("the data dir /data has free space again");
  }
}
