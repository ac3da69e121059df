package io.chronik.broker.snapshot.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which names a user may give {@code snapshot create --group} for a group. */
class GroupNameTest {

  @Test
  void shouldAnswerToItsOwnNameAndToEachOfItsPartitionsWhenItCarriesSeveral() {
    // given
    SnapshotService.GroupName shared =
        new SnapshotService.GroupName("orders-0..3", "orders", List.of(0, 1, 2, 3));

    // when / then
    assertThat(shared.answersTo("orders-0..3")).isTrue();
    assertThat(shared.answersTo("orders-2")).isTrue();
    assertThat(shared.answersTo("orders-4")).isFalse();
    assertThat(shared.answersTo("orders")).isFalse();
    assertThat(shared.answersTo("other-2")).isFalse();
  }

  @Test
  void shouldAnswerOnlyToItsNameWhenItIsTheMetadataGroup() {
    // given
    SnapshotService.GroupName meta = new SnapshotService.GroupName("meta", null, List.of());

    // when / then
    assertThat(meta.answersTo("meta")).isTrue();
    assertThat(meta.answersTo("null-0")).isFalse();
  }
}
