package io.chronik.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  private static List<String> ids(Selection selection) {
    return selection.selected().stream().map(s -> s.check().id()).toList();
  }

  @Test
  void shouldRunQuickPlaybookWhenNothingIsNamed() {
    // when
    Selection selection = Selection.of(null, List.of(), List.of(), false);

    // then
    assertThat(selection.playbooks()).containsExactly("quick");
    assertThat(ids(selection)).isEqualTo(Playbooks.find("quick").orElseThrow().checks());
    assertThat(selection.selected()).allMatch(s -> s.playbook().equals("quick"));
    assertThat(selection.skipped()).isEmpty();
  }

  @Test
  void shouldSkipLocalCheckAndSayWhyWhenDataDirIsMissing() {
    // when
    Selection selection = Selection.of("performance", List.of(), List.of(), false);

    // then
    assertThat(ids(selection)).doesNotContain("perf.fsync");
    assertThat(selection.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo("perf.fsync");
              assertThat(s.reason()).contains("--data-dir");
            });
  }

  @Test
  void shouldRunLocalCheckWhenDataDirIsGiven() {
    // when
    Selection selection = Selection.of("performance", List.of(), List.of(), true);

    // then
    assertThat(ids(selection)).contains("perf.fsync");
    assertThat(selection.skipped()).isEmpty();
  }

  @Test
  void shouldRefuseLocalCheckWhenNamedWithoutDataDir() {
    // when / then
    assertThatThrownBy(() -> Selection.of(null, List.of("perf.fsync"), List.of(), false))
        .isInstanceOf(Selection.SelectionException.class)
        .hasMessageContaining("needs --data-dir")
        .extracting(e -> ((Selection.SelectionException) e).option())
        .isEqualTo("--check");
  }

  @Test
  void shouldRunOnlyNamedChecksUnderTheirPlaybookWhenChecksAreGiven() {
    // when
    Selection selection =
        Selection.of(null, List.of("snapshot.log-backlog", "raft.quorum"), List.of(), false);

    // then: report order, and a check outside quick goes under the first playbook listing it
    assertThat(selection.selected())
        .extracting(s -> s.check().id() + "@" + s.playbook())
        .containsExactly("raft.quorum@quick", "snapshot.log-backlog@snapshots");
  }

  @Test
  void shouldLeaveOutSkippedChecksWhenSkipIsGiven() {
    // when
    Selection selection = Selection.of(null, List.of(), List.of("perf.gc", "disk.free"), false);

    // then
    assertThat(ids(selection)).doesNotContain("perf.gc", "disk.free").contains("raft.quorum");
  }

  @Test
  void shouldRunEveryCheckOnceUnderFirstPlaybookWhenAllIsNamed() {
    // when
    Selection selection = Selection.of("all", List.of(), List.of(), true);

    // then
    assertThat(selection.playbooks()).isEqualTo(Playbooks.names());
    assertThat(ids(selection)).isEqualTo(Checks.ids());
    assertThat(selection.selected())
        .filteredOn(s -> s.check().id().equals("perf.fsync"))
        .extracting(Selection.Selected::playbook)
        .containsExactly("election");
  }

  @Test
  void shouldSuggestPlaybookWhenNameIsMistyped() {
    // when / then
    assertThatThrownBy(() -> Selection.of("elction", List.of(), List.of(), false))
        .hasMessageStartingWith("unknown playbook 'elction' (did you mean 'election'?)")
        .hasMessageContaining("playbooks: quick, election, network");
  }

  @Test
  void shouldSuggestCheckWhenIdIsMistyped() {
    // when / then
    assertThatThrownBy(() -> Selection.of(null, List.of("raft.qourum"), List.of(), false))
        .hasMessage(
            "unknown check 'raft.qourum' (did you mean 'raft.quorum'?); chronik doctor"
                + " --list-checks lists them");
    assertThatThrownBy(() -> Selection.of(null, List.of(), List.of("nope"), false))
        .extracting(e -> ((Selection.SelectionException) e).option())
        .isEqualTo("--skip");
  }

  @Test
  void shouldRefuseWhenEverythingIsSkipped() {
    // when / then
    assertThatThrownBy(() -> Selection.of(null, List.of("perf.gc"), List.of("perf.gc"), false))
        .hasMessageContaining("nothing left to check");
  }
}
