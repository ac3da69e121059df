package io.chronik.broker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotNameTest {

  @Test
  void shouldRoundTripAStoreKeyWhenParsed() {
    // given
    SnapshotName name = new SnapshotName("orders-0", 4242, 7, 1);

    // when
    String key = name.storeKey("c-1");

    // then
    assertThat(key).isEqualTo("c-1/orders-0/00000000000000004242-7-n1.chrsnap");
    assertThat(SnapshotName.parse(key)).contains(name);
    assertThat(SnapshotName.parse(name.localPath())).contains(name);
    assertThat(name.shortId()).isEqualTo("orders-0@4242");
  }

  @Test
  void shouldNameTheGroupFromTheMetadataWhenBuiltFromIt() {
    // given
    Instant now = Instant.parse("2026-11-24T00:00:00Z");

    // when
    SnapshotName meta = SnapshotName.of(SnapshotMetadata.meta("c", "g", 3, 10, 2, now));
    SnapshotName part =
        SnapshotName.of(SnapshotMetadata.partition("c", "g", "my-topic", 5, 3, 10, 2, now));

    // then
    assertThat(meta.group()).isEqualTo("meta");
    assertThat(part.group()).isEqualTo("my-topic-5");
  }

  @Test
  void shouldNameASharedGroupLikeItsRaftGroupWhenTheSnapshotHoldsSeveralPartitions() {
    // given
    Instant now = Instant.parse("2026-11-24T00:00:00Z");
    SnapshotMetadata shared =
        SnapshotMetadata.group("c", "g", "orders", java.util.List.of(0, 1, 2, 3), 7, 4242, 1, now);

    // when
    SnapshotName name = SnapshotName.of(shared);

    // then
    assertThat(name.group())
        .isEqualTo("orders-0..3")
        .isEqualTo(
            io.chronik.broker.partition.GroupReplicas.nameOf(
                "orders", java.util.List.of(3, 1, 0, 2)));
    assertThat(name.shortId()).isEqualTo("orders-0..3@4242");
    assertThat(name.storeKey("c")).isEqualTo("c/orders-0..3/00000000000000004242-7-n1.chrsnap");
    assertThat(SnapshotName.parse(name.storeKey("c"))).contains(name);
    assertThat(name.partitions()).containsExactly(0, 1, 2, 3);
    assertThat(new SnapshotName("my-topic-5", 1, 1, 1).partitions()).containsExactly(5);
    assertThat(new SnapshotName("meta", 1, 1, 1).partitions()).isEmpty();
    assertThat(shared.partition()).isZero();
    assertThat(shared.shared()).isTrue();
  }

  @Test
  void shouldRejectOtherFilesWhenParsing() {
    assertThat(SnapshotName.parse("orders-0/notes.txt")).isEmpty();
    assertThat(SnapshotName.parse("00000000000000004242-7-n1.chrsnap")).isEmpty();
    assertThat(SnapshotName.parse("orders-0/4242-7-n1.chrsnap")).isEmpty();
    assertThatThrownBy(() -> new SnapshotName("a/b", 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSortOldestFirstWithinAGroupWhenCompared() {
    SnapshotName older = new SnapshotName("meta", 9, 1, 1);
    SnapshotName newer = new SnapshotName("meta", 10, 1, 1);
    assertThat(older).isLessThan(newer);
    assertThat(older.fileName()).isLessThan(newer.fileName());
  }
}
