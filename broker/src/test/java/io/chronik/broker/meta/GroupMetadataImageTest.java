package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The consumer groups' membership in the metadata: its commands, the image and its snapshot. */
class GroupMetadataImageTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A Stable generation 7 of two members, one of them static. */
  static GroupMetadata stable() {
    return new GroupMetadata(
        "orders",
        7,
        "consumer",
        "range",
        "m-1",
        List.of(
            new GroupMetadata.Member(
                "m-1",
                null,
                "client-1",
                "/127.0.0.1",
                60_000,
                45_000,
                List.of(
                    new GroupMetadata.Protocol("range", bytes("sub-range")),
                    new GroupMetadata.Protocol("cooperative-sticky", bytes("sub-sticky"))),
                bytes("p0,p1")),
            new GroupMetadata.Member(
                "i-2-uuid",
                "i-2",
                "client-2",
                "/127.0.0.2",
                30_000,
                10_000,
                List.of(new GroupMetadata.Protocol("range", bytes("sub-2"))),
                new byte[0])));
  }

  @Test
  void shouldKeepEveryFieldWhenAStoreCommandIsEncodedAndDecoded() {
    // given
    MetaCommand command = new MetaCommand.StoreGroupMetadata(stable(), 4);

    // when
    byte[] encoded = MetaCodec.encode(command);
    MetaCommand decoded = MetaCodec.decode(encoded, MetaCommand.class);

    // then
    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .contains("\"type\":\"store-group-metadata\"");
    MetaCommand.StoreGroupMetadata store = (MetaCommand.StoreGroupMetadata) decoded;
    assertThat(store.coordinatorTerm()).isEqualTo(4);
    assertSameGroup(store.group(), stable());
    assertThat(MetaCodec.encode(decoded)).isEqualTo(encoded);
  }

  @Test
  void shouldKeepAnEmptyGroupWithItsGenerationWhenEncodedAndDecoded() {
    // given: a group whose members all left
    GroupMetadata empty = new GroupMetadata("orders", 8, "consumer", null, null, List.of());

    // when
    MetaCommand decoded =
        MetaCodec.decode(
            MetaCodec.encode(new MetaCommand.StoreGroupMetadata(empty, 4)), MetaCommand.class);

    // then
    GroupMetadata group = ((MetaCommand.StoreGroupMetadata) decoded).group();
    assertThat(group.hasMembers()).isFalse();
    assertThat(group.generationId()).isEqualTo(8);
    assertThat(group.protocolType()).isEqualTo("consumer");
    assertThat(group.protocolName()).isNull();
    assertThat(group.leaderId()).isNull();
  }

  @Test
  void shouldHoldTheStoredGroupInTheImageAndItsSnapshotWhenStoredInTheWritersTerm() {
    // given
    MetadataImage image = MetadataImage.empty();

    // when
    MetadataImage.Applied applied = image.apply(new MetaCommand.StoreGroupMetadata(stable(), 3), 3);
    MetadataImage snapshot =
        MetaCodec.decode(MetaCodec.encode(applied.image()), MetadataImage.class);

    // then
    assertThat(applied.result().isOk()).isTrue();
    assertThat(applied.image().groups()).containsOnlyKeys("orders");
    assertSameGroup(snapshot.groups().get("orders"), stable());
  }

  @Test
  void shouldRefuseAMembershipWriteWhenItIsAppendedInAnotherTerm() {
    // given: generation 7 stored by the coordinator of term 3
    MetadataImage image =
        MetadataImage.empty().apply(new MetaCommand.StoreGroupMetadata(stable(), 3), 3).image();
    GroupMetadata later = new GroupMetadata("orders", 8, "consumer", null, null, List.of());

    // when: the coordinator of term 3 writes again after the leader of term 5 took over
    MetadataImage.Applied stale = image.apply(new MetaCommand.StoreGroupMetadata(later, 3), 5);
    MetadataImage.Applied staleRemoval =
        image.apply(new MetaCommand.RemoveGroupMetadata("orders", 3), 5);

    // then
    assertThat(stale.result().errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    assertThat(stale.result().message()).contains("term 3").contains("term 5");
    assertThat(staleRemoval.result().errorCode()).isEqualTo(Errors.NOT_COORDINATOR.code());
    assertThat(stale.image().groups().get("orders").generationId()).isEqualTo(7);
    assertThat(staleRemoval.image().groups()).containsOnlyKeys("orders");
  }

  @Test
  void shouldRemoveTheMembershipOnlyOrWithTheOffsetsWhenAGroupIsForgottenOrDeleted() {
    // given: a group with a stored generation and committed offsets
    MetadataImage image =
        MetadataImage.empty()
            .apply(new MetaCommand.StoreGroupMetadata(stable(), 3), 3)
            .image()
            .apply(
                new MetaCommand.CommitOffsets(
                    "orders", Map.of("t", Map.of(0, new CommittedOffset(5, -1, "", 1L)))),
                3)
            .image();

    // when
    MetadataImage forgotten =
        image.apply(new MetaCommand.RemoveGroupMetadata("orders", 3), 3).image();
    MetadataImage deleted = image.apply(new MetaCommand.DeleteGroup("orders"), 3).image();

    // then
    assertThat(forgotten.groups()).isEmpty();
    assertThat(forgotten.groupOffsets("orders")).containsOnlyKeys("t");
    assertThat(deleted.groups()).isEmpty();
    assertThat(deleted.offsets()).isEmpty();
  }

  @Test
  void shouldReadASnapshotWrittenBeforeGroupsWereStoredWhenItHasNoGroupsField() throws Exception {
    // given: an image snapshot as an older release wrote it, without the "groups" field
    MetadataImage image =
        MetadataImage.empty()
            .apply(
                new MetaCommand.CommitOffsets(
                    "orders", Map.of("t", Map.of(0, new CommittedOffset(5, -1, "", 1L)))))
            .image();
    ObjectMapper json = new ObjectMapper();
    ObjectNode older = (ObjectNode) json.readTree(MetaCodec.encode(image));
    older.remove("groups");
    assertThat(older.has("groups")).isFalse();

    // when
    MetadataImage decoded = MetaCodec.decode(json.writeValueAsBytes(older), MetadataImage.class);

    // then
    assertThat(decoded.groups()).isEmpty();
    assertThat(decoded.groupOffsets("orders").get("t").get(0).offset()).isEqualTo(5);
    assertThat(MetadataImage.empty().groups()).isEmpty();
  }

  /** Field by field: the records hold byte arrays, whose equals is identity. */
  static void assertSameGroup(GroupMetadata actual, GroupMetadata expected) {
    assertThat(actual.groupId()).isEqualTo(expected.groupId());
    assertThat(actual.generationId()).isEqualTo(expected.generationId());
    assertThat(actual.protocolType()).isEqualTo(expected.protocolType());
    assertThat(actual.protocolName()).isEqualTo(expected.protocolName());
    assertThat(actual.leaderId()).isEqualTo(expected.leaderId());
    assertThat(actual.members()).hasSameSizeAs(expected.members());
    for (int i = 0; i < expected.members().size(); i++) {
      GroupMetadata.Member a = actual.members().get(i);
      GroupMetadata.Member e = expected.members().get(i);
      assertThat(a.memberId()).isEqualTo(e.memberId());
      assertThat(a.groupInstanceId()).isEqualTo(e.groupInstanceId());
      assertThat(a.clientId()).isEqualTo(e.clientId());
      assertThat(a.clientHost()).isEqualTo(e.clientHost());
      assertThat(a.rebalanceTimeoutMs()).isEqualTo(e.rebalanceTimeoutMs());
      assertThat(a.sessionTimeoutMs()).isEqualTo(e.sessionTimeoutMs());
      assertThat(a.assignment()).isEqualTo(e.assignment());
      assertThat(a.protocols()).hasSameSizeAs(e.protocols());
      for (int p = 0; p < e.protocols().size(); p++) {
        assertThat(a.protocols().get(p).name()).isEqualTo(e.protocols().get(p).name());
        assertThat(a.protocols().get(p).metadata()).isEqualTo(e.protocols().get(p).metadata());
      }
    }
  }
}
