package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Replica moves and node removal as the metadata image applies them. */
class ReassignmentTest {
  private static final String GROUP = "8f14e45f-ceea-467f-a0e6-6b9d4e3f3c11";

  private static MetadataImage image() {
    MetadataImage image = TestImages.registered(1, 2, 3, 4);
    TopicInfo topic =
        new TopicInfo(
            "orders", "id", List.of(new PartitionAssignment(0, GROUP, List.of(1, 2, 3))), Map.of());
    return image.apply(new MetaCommand.CreateTopic(topic)).image();
  }

  @Test
  void shouldRecordTheMoveAndSetTheReplicasWhenItCompletes() {
    // given
    MetadataImage image = image();

    // when
    MetadataImage.Applied begun =
        image.apply(
            new MetaCommand.BeginReassignment("orders", 0, List.of(1, 2, 3), List.of(4, 2, 3)));
    MetadataImage.Applied again =
        begun
            .image()
            .apply(
                new MetaCommand.BeginReassignment("orders", 0, List.of(1, 2, 3), List.of(4, 2, 3)));
    MetadataImage.Applied done =
        again.image().apply(new MetaCommand.CompleteReassignment("orders", 0, List.of(4, 2, 3)));

    // then
    assertThat(begun.result().isOk()).isTrue();
    Reassignment move = begun.image().reassignments().get(GROUP);
    assertThat(move.adding()).containsExactly(4);
    assertThat(move.removing()).containsExactly(1);
    assertThat(begun.image().partition("orders", 0).orElseThrow().replicas())
        .containsExactly(1, 2, 3);
    assertThat(again.result().isOk()).as("a re-run resumes").isTrue();
    assertThat(done.image().reassignments()).isEmpty();
    assertThat(done.image().partition("orders", 0).orElseThrow().replicas())
        .containsExactly(4, 2, 3);
  }

  @Test
  void shouldRefuseAMoveWhenTheReplicasChangedOrAnotherMoveRuns() {
    // given
    MetadataImage image =
        image()
            .apply(
                new MetaCommand.BeginReassignment("orders", 0, List.of(1, 2, 3), List.of(4, 2, 3)))
            .image();

    // when
    MetaResult other =
        image
            .apply(
                new MetaCommand.BeginReassignment("orders", 0, List.of(1, 2, 3), List.of(1, 4, 3)))
            .result();
    MetaResult stale =
        image()
            .apply(
                new MetaCommand.BeginReassignment("orders", 0, List.of(1, 2, 4), List.of(1, 3, 4)))
            .result();

    // then
    assertThat(other.errorCode()).isEqualTo(Errors.REASSIGNMENT_IN_PROGRESS.code());
    assertThat(stale.errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
    assertThat(stale.message()).contains("[1, 2, 3]");
  }

  @Test
  void shouldUnregisterANodeOnlyWhenNoPartitionNamesIt() {
    // given
    MetadataImage image = image();

    // when
    MetaResult holding = image.apply(new MetaCommand.UnregisterBroker(1)).result();
    MetadataImage.Applied free = image.apply(new MetaCommand.UnregisterBroker(4));

    // then
    assertThat(holding.isOk()).isFalse();
    assertThat(holding.message()).contains("orders-0");
    assertThat(free.result().isOk()).isTrue();
    assertThat(free.image().brokers()).containsOnlyKeys(1, 2, 3);
  }

  @Test
  void shouldRecordTheRemovedIncarnationUntilTheNodeRegistersAgainWhenANodeIsUnregistered()
      throws Exception {
    // given: node 4 registered from the data dir of incarnation "first"
    MetadataImage image =
        image()
            .apply(
                new MetaCommand.RegisterBroker(
                    new BrokerInfo(4, "127.0.0.1", 9004, 9104, 9204, "", "first")))
            .image();

    // when: node 1 removes it; later node 4 joins again from a wiped data dir
    MetadataImage removed =
        image.apply(new MetaCommand.UnregisterBroker(4, 1, 1_700_000_000_000L)).image();
    MetadataImage decoded = MetaCodec.decode(MetaCodec.encode(removed), MetadataImage.class);
    MetadataImage rejoined =
        removed
            .apply(
                new MetaCommand.RegisterBroker(
                    new BrokerInfo(4, "127.0.0.1", 9004, 9104, 9204, "", "second")))
            .image();

    // then: the removal names the old incarnation only, survives a snapshot, and ends on rejoin
    RemovedNode r = removed.removed().get(4);
    assertThat(r.removes("first")).isTrue();
    assertThat(r.removes("second")).isFalse();
    assertThat(r.describe())
        .isEqualTo(
            "node 4 was removed from the cluster by node 1 (chronik cluster remove-node) at"
                + " 2023-11-14T22:13:20Z");
    assertThat(decoded.removed()).isEqualTo(removed.removed());
    assertThat(rejoined.removed()).isEmpty();
    MetadataImage.Applied again =
        removed.apply(
            new MetaCommand.RegisterBroker(
                new BrokerInfo(4, "127.0.0.1", 9004, 9104, 9204, "", "first")));
    assertThat(again.result().isOk()).as("the removed incarnation cannot register again").isFalse();
    assertThat(again.result().message())
        .startsWith("node 4 was removed from the cluster by node 1");
    assertThat(again.image().brokers()).doesNotContainKey(4);
    assertThat(MetadataImage.empty().removed()).isEmpty();
  }
}
