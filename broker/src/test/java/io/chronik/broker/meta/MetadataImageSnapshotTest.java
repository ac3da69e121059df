package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.broker.group.CommittedOffset;
import io.chronik.broker.group.GroupMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image as a snapshot carries it: the same JSON fields whatever value types hold them. */
class MetadataImageSnapshotTest {

  private static MetadataImage everyPart() {
    MetadataImage image = TestImages.registered(1, 2, 3);
    List<MetaCommand> commands =
        List.of(
            new MetaCommand.InitCluster("c-1"),
            new MetaCommand.CreateTopic(
                new TopicInfo(
                    "t",
                    "id-t",
                    List.of(new PartitionAssignment(0, "g-0", List.of(1, 2))),
                    Map.of()),
                true),
            new MetaCommand.CommitOffsets(
                "app", Map.of("t", Map.of(0, new CommittedOffset(5, -1, "", 1L)))),
            new MetaCommand.StoreGroupMetadata(
                new GroupMetadata("app", 3, "consumer", "range", null, List.of()), 1),
            new MetaCommand.RecordLeader("g-0", 1, 4, List.of(1, 2)),
            new MetaCommand.BeginReassignment("t", 0, List.of(1, 2), List.of(2, 1)),
            new MetaCommand.FenceBroker(2, true),
            new MetaCommand.AllocateProducerIds(10));
    for (MetaCommand c : commands) {
      MetadataImage.Applied applied = image.apply(c, 1);
      assertThat(applied.result().isOk()).as("%s", c).isTrue();
      image = applied.image();
    }
    return image;
  }

  @Test
  void shouldWriteEveryPartAsATopLevelFieldAndReadItBackEqual() throws Exception {
    // given: an image with nodes, topics, offsets, groups, leaders, a move and a fenced node
    MetadataImage image = everyPart();

    // when
    byte[] snapshot = MetaCodec.encode(image);
    MetadataImage read = MetaCodec.decode(snapshot, MetadataImage.class);

    // then: the fields releases before the image's value types wrote and read
    JsonNode json = new ObjectMapper().readTree(snapshot);
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "clusterId",
            "brokers",
            "topics",
            "offsets",
            "nextProducerId",
            "leaders",
            "reassignments",
            "removed",
            "groups",
            "fenced");
    assertThat(json.get("fenced").toString()).isEqualTo("[2]");
    assertThat(json.get("offsets").get("app").get("t").get("0").get("offset").asLong())
        .isEqualTo(5);
    assertThat(read).isEqualTo(image);
    assertThat(read.groupOffsets("app").get("t").get(0).offset()).isEqualTo(5);
    assertThat(read.nodes()).isEqualTo(image.nodes());
  }
}
