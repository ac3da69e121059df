package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.group.CommittedOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delete-offsets command: some committed offsets of a group go, the others stay. */
class DeleteOffsetsCommandTest {
  private static final CommittedOffset AT_5 = new CommittedOffset(5, -1, "", 1L);

  private static MetadataImage committed() {
    return MetadataImage.empty()
        .apply(
            new MetaCommand.CommitOffsets(
                "g", Map.of("jobs", Map.of(0, AT_5, 1, AT_5), "other", Map.of(0, AT_5))))
        .image();
  }

  @Test
  void shouldRemoveOnlyTheNamedPartitionsWhenSomeOffsetsAreDeleted() {
    // given
    MetadataImage image = committed();

    // when: jobs-0, and other-7 which has no offset, after a trip through the codec
    MetaCommand command =
        MetaCodec.decode(
            MetaCodec.encode(
                new MetaCommand.DeleteOffsets(
                    "g", Map.of("jobs", List.of(0), "other", List.of(7)))),
            MetaCommand.class);
    MetadataImage.Applied applied = image.apply(command);

    // then
    assertThat(applied.result().isOk()).isTrue();
    assertThat(applied.image().groupOffsets("g"))
        .isEqualTo(Map.of("jobs", Map.of(1, AT_5), "other", Map.of(0, AT_5)));
  }

  @Test
  void shouldForgetTheGroupWhenItsLastOffsetIsDeleted() {
    // given
    MetadataImage image = committed();

    // when
    MetadataImage after =
        image
            .apply(
                new MetaCommand.DeleteOffsets(
                    "g", Map.of("jobs", List.of(0, 1), "other", List.of(0))))
            .image();

    // then
    assertThat(after.offsets()).doesNotContainKey("g");
  }
}
