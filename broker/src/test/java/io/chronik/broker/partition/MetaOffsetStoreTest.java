package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.ImageMetadataService;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.TestImages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.junit.jupiter.api.Test;

/** Group membership kept in the metadata image through the offset store of the broker. */
class MetaOffsetStoreTest {

  private final ImageMetadataService metadata = new ImageMetadataService(TestImages.registered(1));
  private final MetaOffsetStore store = new MetaOffsetStore(metadata);

  private static GroupMetadata generation(int generation, int members, int assignmentBytes) {
    List<GroupMetadata.Member> list =
        java.util.stream.IntStream.range(0, members)
            .mapToObj(
                i ->
                    new GroupMetadata.Member(
                        "m-" + i,
                        null,
                        "client",
                        "/127.0.0.1",
                        60_000,
                        45_000,
                        List.of(new GroupMetadata.Protocol("range", new byte[] {1, 2, 3})),
                        new byte[assignmentBytes]))
            .toList();
    return new GroupMetadata("orders", generation, "consumer", "range", "m-0", list);
  }

  @Test
  void shouldStoreAndListAGroupWhenWrittenInTheLeadersTerm() {
    // given
    metadata.term(3);

    // when
    store.storeGroup(generation(4, 2, 10), 3).join();

    // then
    assertThat(store.storedGroups()).hasSize(1);
    GroupMetadata stored = store.storedGroups().iterator().next();
    assertThat(stored.generationId()).isEqualTo(4);
    assertThat(stored.members()).extracting(GroupMetadata.Member::memberId).contains("m-0", "m-1");
  }

  @Test
  void shouldFailWithNotCoordinatorAndKeepTheStoredGroupWhenTheWriterLostLeadership() {
    // given: generation 4 stored in term 3, then a new leader in term 4
    metadata.term(3);
    store.storeGroup(generation(4, 2, 10), 3).join();
    metadata.term(4);

    // when / then
    assertThatThrownBy(() -> store.storeGroup(generation(5, 1, 10), 3).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(NotCoordinatorException.class);
    assertThatThrownBy(() -> store.forgetGroup("orders", 3).join())
        .hasCauseInstanceOf(NotCoordinatorException.class);
    assertThat(store.storedGroups()).extracting(GroupMetadata::generationId).containsExactly(4);
  }

  @Test
  void shouldRemoveTheOutdatedGenerationInsteadWhenAMembershipIsTooLargeForOneEntry() {
    // given: generation 4 stored
    store.storeGroup(generation(4, 2, 10), 1).join();

    // when: generation 5 would not fit a metadata entry
    int perMember = MetaOffsetStore.MAX_GROUP_METADATA_BYTES / 100;
    store.storeGroup(generation(5, 100, perMember), 1).join();

    // then: a new coordinator would not take over generation 4 either
    assertThat(store.storedGroups()).isEmpty();
  }

  @Test
  void shouldRemoveOffsetsAndMembershipWhenAGroupIsDeleted() {
    // given
    store.storeGroup(generation(4, 1, 10), 1).join();
    store
        .commit("orders", Map.of(new TopicPartition("t", 0), new CommittedOffset(3, -1, "", 1L)))
        .join();

    // when
    store.deleteGroup("orders").join();

    // then
    assertThat(store.storedGroups()).isEmpty();
    assertThat(store.committed("orders")).isEmpty();
    assertThat(store.groupIds()).isEmpty();
  }

  @Test
  void shouldStoreNoMembershipWhileANodeAppliesAnOlderEntryFormat() {
    // given: node 2 runs a release before level 5
    register(2, EntryFormat.DELETE_RECORDS);
    MetadataImage before = metadata.image();

    // when
    store.storeGroup(generation(4, 2, 10), 1).join();
    store.forgetGroup("orders", 1).join();

    // then: no entry that node 2 could not apply was written
    assertThat(metadata.image()).isSameAs(before);
    assertThat(store.storedGroups()).isEmpty();
  }

  @Test
  void shouldRemoveWhatAnEarlierReleaseStoredWhenTheGroupChangesBelowTheEntryFormat() {
    // given: generation 4 stored (as a release that stored memberships without a level did),
    // then node 2 of a release before level 5 registers
    store.storeGroup(generation(4, 2, 10), 1).join();
    register(2, EntryFormat.DELETE_RECORDS);

    // when: the group moves on to generation 5
    store.storeGroup(generation(5, 1, 10), 1).join();

    // then: a new coordinator does not take over the outdated generation 4
    assertThat(store.storedGroups()).isEmpty();
  }

  @Test
  void shouldStoreMembershipAgainOnceEveryNodeAppliesTheEntryFormat() {
    // given: generation 4 not stored while node 2 ran an older release; node 2 came back upgraded
    register(2, EntryFormat.DELETE_RECORDS);
    store.storeGroup(generation(4, 2, 10), 1).join();
    register(2, EntryFormat.SUPPORTED);

    // when
    store.storeGroup(generation(5, 2, 10), 1).join();

    // then
    assertThat(store.storedGroups()).extracting(GroupMetadata::generationId).containsExactly(5);
  }

  private void register(int nodeId, int level) {
    metadata
        .submit(
            new MetaCommand.RegisterBroker(
                new BrokerInfo(
                    nodeId,
                    "127.0.0.1",
                    9000 + nodeId,
                    9100 + nodeId,
                    9200 + nodeId,
                    "",
                    "i" + nodeId,
                    level)))
        .join();
  }
}
