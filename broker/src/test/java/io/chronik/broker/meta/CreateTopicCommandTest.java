package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** How the metadata group applies topic creations: the first of two clashing ones wins. */
class CreateTopicCommandTest {

  private static TopicInfo topic(String name) {
    return new TopicInfo(
        name,
        "id-" + name,
        List.of(new PartitionAssignment(0, "group-" + name, List.of(1))),
        Map.of());
  }

  @Test
  void shouldRefuseTheSecondOfTwoCollidingCreationsWhenBothPassedTheirProposersCheck() {
    // given: two nodes checked "a_b" and "a.b" against an image without either, and proposed both
    MetadataImage image = TestImages.registered(1);
    MetaCommand first = new MetaCommand.CreateTopic(topic("a_b"), true);
    MetaCommand second = new MetaCommand.CreateTopic(topic("a.b"), true);

    // when: the metadata log orders them
    MetadataImage.Applied applied = image.apply(first);
    MetadataImage.Applied refused = applied.image().apply(second);

    // then: the first wins, the second gets Kafka's error and changes nothing
    assertThat(applied.result().isOk()).isTrue();
    assertThat(refused.result().errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    assertThat(refused.result().message())
        .isEqualTo("Topic 'a.b' collides with existing topic: a_b");
    assertThat(refused.image()).isSameAs(applied.image());
    assertThat(refused.image().topics().keySet()).containsExactly("a_b");
  }

  @Test
  void shouldRefuseAnExactDuplicateWithTopicAlreadyExistsBeforeLookingForCollisions() {
    // given
    MetadataImage image =
        TestImages.registered(1).apply(new MetaCommand.CreateTopic(topic("a.b"), true)).image();

    // when
    MetaResult duplicate = image.apply(new MetaCommand.CreateTopic(topic("a.b"), true)).result();

    // then
    assertThat(duplicate.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
    assertThat(duplicate.message()).isEqualTo("topic 'a.b' already exists");
  }

  @Test
  void shouldApplyACreationOfAnOlderReleaseAsItDidWhenItsEntryIsReplayed() throws Exception {
    // given: an entry written before creations refused collisions (no refuseCollisions field)
    MetadataImage image =
        TestImages.registered(1).apply(new MetaCommand.CreateTopic(topic("a_b"), true)).image();
    ObjectMapper json = new ObjectMapper();
    ObjectNode older =
        (ObjectNode) json.readTree(MetaCodec.encode(new MetaCommand.CreateTopic(topic("a.b"))));
    older.remove("refuseCollisions");
    MetaCommand replayed = MetaCodec.decode(json.writeValueAsBytes(older), MetaCommand.class);

    // when
    MetadataImage.Applied applied = image.apply(replayed);

    // then: every replica replaying the log reaches the image the older release reached
    assertThat(applied.result().isOk()).isTrue();
    assertThat(applied.image().topics().keySet()).containsExactlyInAnyOrder("a_b", "a.b");
  }
}
