package io.chronik.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Fenced nodes as the metadata image applies, encodes and decodes them. */
class BrokerFencingImageTest {

  private static MetadataImage image() {
    return TestImages.registered(1, 2, 3);
  }

  @Test
  void shouldFenceAndUnfenceARegisteredNode() {
    // given
    MetadataImage image = image();

    // when
    MetadataImage.Applied fenced = image.apply(new MetaCommand.FenceBroker(3, true));
    MetadataImage.Applied again = fenced.image().apply(new MetaCommand.FenceBroker(3, true));
    MetadataImage.Applied back = again.image().apply(new MetaCommand.FenceBroker(3, false));

    // then: fencing keeps the registration; a repeat changes nothing
    assertThat(fenced.result().isOk()).isTrue();
    assertThat(fenced.image().fenced()).containsExactly(3);
    assertThat(fenced.image().isFenced(3)).isTrue();
    assertThat(fenced.image().brokers()).containsOnlyKeys(1, 2, 3);
    assertThat(again.result().isOk()).isTrue();
    assertThat(again.image()).isSameAs(fenced.image());
    assertThat(back.image().fenced()).isEmpty();
    assertThat(back.image().isFenced(3)).isFalse();
  }

  @Test
  void shouldRefuseToFenceANodeThatIsNotRegistered() {
    // when
    MetadataImage.Applied applied = image().apply(new MetaCommand.FenceBroker(9, true));

    // then
    assertThat(applied.result().isOk()).isFalse();
    assertThat(applied.result().errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    assertThat(applied.image().fenced()).isEmpty();
  }

  @Test
  void shouldForgetTheFenceWhenTheNodeIsUnregistered() {
    // given
    MetadataImage fenced = image().apply(new MetaCommand.FenceBroker(3, true)).image();

    // when
    MetadataImage removed = fenced.apply(new MetaCommand.UnregisterBroker(3, 1, 1L)).image();

    // then
    assertThat(removed.fenced()).isEmpty();
  }

  @Test
  void shouldKeepFencedNodesThroughASnapshotAndCommandsThroughTheLog() {
    // given
    MetadataImage fenced =
        image()
            .apply(new MetaCommand.FenceBroker(3, true))
            .image()
            .apply(new MetaCommand.FenceBroker(2, true))
            .image();
    MetaCommand command = new MetaCommand.FenceBroker(2, false);

    // when
    MetadataImage decoded = MetaCodec.decode(MetaCodec.encode(fenced), MetadataImage.class);
    MetaCommand decodedCommand = MetaCodec.decode(MetaCodec.encode(command), MetaCommand.class);

    // then
    assertThat(decoded).isEqualTo(fenced);
    assertThat(decoded.fenced()).containsExactly(2, 3);
    assertThat(new String(MetaCodec.encode(command), StandardCharsets.UTF_8))
        .contains("\"type\":\"fence-broker\"");
    assertThat(decodedCommand).isEqualTo(command);
  }

  @Test
  void shouldFenceNobodyWhenAnImageOfAnOlderReleaseIsRead() {
    // given: a snapshot written before fencing existed
    String older =
        "{\"clusterId\":\"c\",\"brokers\":{\"1\":{\"nodeId\":1,\"host\":\"h\",\"kafkaPort\":1,"
            + "\"adminPort\":2,\"raftPort\":3,\"rack\":\"\",\"incarnation\":\"\","
            + "\"entryFormat\":3}},\"topics\":{},\"offsets\":{},\"nextProducerId\":1000,"
            + "\"leaders\":{},\"reassignments\":{},\"removed\":{}}";

    // when
    MetadataImage image =
        MetaCodec.decode(older.getBytes(StandardCharsets.UTF_8), MetadataImage.class);

    // then
    assertThat(image.brokers()).containsOnlyKeys(1);
    assertThat(image.fenced()).isEmpty();
    assertThat(image.isFenced(1)).isFalse();
  }
}
