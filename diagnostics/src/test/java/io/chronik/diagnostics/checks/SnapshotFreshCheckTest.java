package io.chronik.diagnostics.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.diagnostics.CheckResult;
import io.chronik.diagnostics.Fixtures;
import io.chronik.diagnostics.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotFreshCheckTest {
  private final SnapshotFreshCheck check = new SnapshotFreshCheck();

  @Test
  void shouldBeOkWhenSnapshotsAreRecentOrGroupIsQuiet() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-fresh"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo("node 1: every group's snapshot is within the 1h threshold");
    assertThat(result.details())
        .isEqualTo(
            "oldest snapshot of a group with new entries: 20m; threshold 1h, warn after 1h 6m");
    assertThat(result.node()).isEqualTo(1);
  }

  @Test
  void shouldSayNoGroupHasSnapshotYetWhenFreshNodeHasNone() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-none"));

    // then: a node up 2 minutes has nothing to be late with yet
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary()).isEqualTo("node 1: no group has a snapshot yet");
    assertThat(result.details())
        .isEqualTo(
            "2 groups, none snapshotted yet; a group without one counts once the node has been"
                + " up longer than 1h 6m (up 2m); threshold 1h, warn after 1h 6m");
  }

  @Test
  void shouldCountGroupsWithoutSnapshotWhenOthersHaveRecentOnes() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-some"));

    // then
    assertThat(result.status()).isEqualTo(Status.OK);
    assertThat(result.summary())
        .isEqualTo(
            "node 1: every group's snapshot is within the 1h threshold; 1 group has none yet");
    assertThat(result.details())
        .isEqualTo(
            "oldest snapshot of a group with new entries: 1m; threshold 1h, warn after 1h 6m");
  }

  @Test
  void shouldWarnNamingGroupWhenLastSnapshotIsOlderThanThreshold() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-stale"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary())
        .isEqualTo("node 1: 1 group's last snapshot is older than the 1h threshold");
    assertThat(result.details())
        .isEqualTo(
            "greetings-0 last snapshot 3h ago (index 120, 500 entries since);"
                + " threshold 1h, warn after 1h 6m");
    assertThat(result.code()).isEqualTo("CHR-8011");
    assertThat(result.remedy()).contains("chronik snapshot create --admin 127.0.0.1:43963");
  }

  @Test
  void shouldWarnWhenSnapshotsAreDisabled() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("snapshots-disabled"));

    // then
    assertThat(result.status()).isEqualTo(Status.WARN);
    assertThat(result.summary()).isEqualTo("node 1: snapshots are disabled");
    assertThat(result.remedy()).contains("CHRONIK_SNAPSHOT_ENABLED=true");
  }

  @Test
  void shouldBeUnknownWhenNodeDoesNotServeSnapshotsEndpoint() {
    // when
    CheckResult result = CheckAssertions.only(check, Fixtures.input("single-healthy"));

    // then
    assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    assertThat(result.summary()).isEqualTo("could not check node 1: /v1/snapshots did not answer");
    assertThat(result.details()).contains("HTTP 404");
    assertThat(result.remedy()).contains("does not serve /v1/snapshots");
  }

  @Test
  void shouldReportEveryNodeWhenOneIsDown() {
    // when
    List<CheckResult> results = CheckAssertions.run(check, Fixtures.input("three-one-down"));

    // then
    assertThat(results).hasSize(3);
    assertThat(CheckAssertions.statuses(results)).containsOnly(Status.UNKNOWN);
  }
}
