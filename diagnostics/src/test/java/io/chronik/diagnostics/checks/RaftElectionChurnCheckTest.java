package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import io.chronik.diagnostics.probe.Election;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaftElectionChurnCheckTest {
  private static final long NOW = Fixtures.NOW.toEpochMilli();
  private static final List<String> GROUPS =
      List.of("__meta", "g-orders-0", "g-orders-1", "g-orders-2");

  private final RaftElectionChurnCheck check = new RaftElectionChurnCheck();

  /** Every group with one STARTUP entry an hour ago, and {@code extra} for one group. */
  private static Map<String, List<Election>> journals(String group, List<Election> extra) {
    Map<String, List<Election>> all = new LinkedHashMap<>();
    for (String g : GROUPS) {
      List<Election> entries = new ArrayList<>();
      entries.add(new Election(NOW - 3_600_000, 1, -1, 1, "STARTUP"));
      if (g.equals(group)) {
        entries.addAll(extra);
      }
      all.put(g, entries);
    }
    return all;
  }

  /** {@code count} changes of {@code cause}, one every {@code everyMs}, ending a second ago. */
  private static List<Election> changes(int count, String cause, long everyMs) {
    List<Election> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long time = NOW - 1_000 - (count - 1 - i) * everyMs;
      out.add(new Election(time, 2 + i, 1 + i % 3, 1 + (i + 1) % 3, cause));
    }
    return out;
  }

  private static SnapshotEdits cluster(String group, List<Election> onNode2) {
    Map<String, List<Election>> quiet = journals("", List.of());
    return SnapshotEdits.of("three-healthy")
        .elections(1, quiet)
        .elections(2, journals(group, onNode2))
        .elections(3, quiet);
  }

  @Test
  void shouldBeCriticalWithCountsAndCausesWhenLeaderIsMovedAgainAndAgain() {
    // when
    CheckResult result =
        CheckAssertions.only(check, cluster("g-orders-0", changes(10, "TRANSFER", 2_000)).input());

    // then
    assertThat(result.status()).isEqualTo(Status.CRIT);
    assertThat(result.summary())
        .isEqualTo(
            "1 group changed leader too often in the last 10 min: orders-0 10 times (10"
                + " TRANSFER)");
    assertThat(result.details())
        .contains("orders-0: 10 leader changes in 10 min (10 TRANSFER)")
        .contains("leaders lasted 2.0 s to 2.0 s (median 2.0 s)")
        .contains("the current leader for 1.0 s")
        .contains("journal of node 2");
    assertThat(result.remedy()).contains("transfer-leader");
    assertThat(result.code()).isEqualTo("CHR-8020");
  }

  @Test
  void shouldWarnAndPointAtHeartbeatsWhenLeadersTimeOut() {
    // when
    CheckResult result =
        CheckAssertions.only(check, cluster("__meta", changes(4, "TIMEOUT", 30_000)).input());

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).endsWith("__meta 4 times (4 TIMEOUT)");
    assertThat(result.remedy()).contains("heartbeats").contains("chronik doctor performance");
  }

  @Test
  void shouldIgnoreStartupsAndChangesOutsideWindowWhenCounting() {
    // given: 20 elections, but 20 minutes ago
    List<Election> old = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      old.add(new Election(NOW - 1_200_000 + i * 1_000, 2 + i, 1, 2, "TIMEOUT"));
    }

    // when
    CheckResult result = CheckAssertions.only(check, cluster("g-orders-1", old).input());

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo("no group changed leader 3 times in the last 10 min (4 groups; most: __meta 0)");
  }

  @Test
  void shouldBeUnknownWhenNoReplicaServesItsJournal() {
    // when: the recorded nodes predate /v1/raft/elections
    CheckResult result = CheckAssertions.only(check, Fixtures.input("three-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check 4 groups");
    assertThat(result.details()).contains("/v1/raft/elections did not answer on nodes 1, 2 and 3");
  }
}
