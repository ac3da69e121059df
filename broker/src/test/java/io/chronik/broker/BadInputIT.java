package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Garbage, oversized and unknown requests close only the offending connection. */
class BadInputIT {
  @RegisterExtension final SingleBroker chronik = new SingleBroker();

  @Test
  void shouldCloseOnlyOffendingConnectionsWhenFramesAreOversizedNegativeOrGarbage()
      throws Exception {
    // given: a healthy client connection stays open through it all
    try (Socket healthy = connect()) {
      // when
      assertClosedAfter(frame(-5, new byte[0]));
      assertClosedAfter(frame(200 * 1024 * 1024, new byte[16]));
      assertClosedAfter(frame(12, new byte[] {0x7f, 0x7f, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0}));
      byte[] garbage = new byte[64];
      new java.util.Random(7).nextBytes(garbage);
      garbage[0] = 0; // Produce, with a body that does not parse
      garbage[1] = 0;
      garbage[2] = 0;
      garbage[3] = 9;
      assertClosedAfter(frame(garbage.length, garbage));

      // then
      assertThat(apiVersions(healthy, (short) 3).errorCode()).isEqualTo(Errors.NONE.code());
    }
    try (KafkaProducer<String, String> producer = chronik.producer(Map.of())) {
      assertThat(producer.send(new ProducerRecord<>("still-serving", "v")).get().offset()).isZero();
    }
  }

  @Test
  void shouldAnswerUnsupportedVersionWhenApiVersionsIsFromTheFuture() throws Exception {
    try (Socket socket = connect()) {
      // when
      ApiVersionsResponseData response = apiVersions(socket, (short) 99);

      // then: a v0 response listing what is served (KIP-511)
      assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      assertThat(response.apiKeys()).isNotEmpty();
    }
  }

  @Test
  void shouldAnswerUnsupportedVersionAndKeepServingWhenApiOrVersionIsNotServed() throws Exception {
    try (Admin admin = chronik.admin()) {
      admin.createTopics(List.of(new NewTopic("kt", 1, (short) 1))).all().get();
    }
    try (Socket socket = connect()) {
      // given: SaslHandshake, a Kafka API chronik does not serve, and ListOffsets v0 and Fetch v0
      // of an existing topic, below the versions chronik serves
      SaslHandshakeRequestData sasl = new SaslHandshakeRequestData().setMechanism("PLAIN");
      ListOffsetsRequestData listOffsets =
          new ListOffsetsRequestData()
              .setReplicaId(-1)
              .setTopics(
                  List.of(
                      new ListOffsetsTopic()
                          .setName("kt")
                          .setPartitions(
                              List.of(
                                  new ListOffsetsPartition()
                                      .setPartitionIndex(0)
                                      .setTimestamp(-1)
                                      .setMaxNumOffsets(1)))));
      FetchRequestData fetch =
          new FetchRequestData()
              .setReplicaId(-1)
              .setMaxWaitMs(100)
              .setMinBytes(1)
              .setTopics(
                  List.of(
                      new FetchTopic()
                          .setTopic("kt")
                          .setPartitions(
                              List.of(
                                  new FetchPartition()
                                      .setPartition(0)
                                      .setFetchOffset(0)
                                      .setPartitionMaxBytes(100_000)))));

      // when: all on one connection
      ByteBuffer saslResponse = RawKafka.call(socket, ApiKeys.SASL_HANDSHAKE, (short) 1, sasl);
      ByteBuffer listOffsetsResponse =
          RawKafka.call(socket, ApiKeys.LIST_OFFSETS, (short) 0, listOffsets);
      ByteBuffer fetchResponse = RawKafka.call(socket, ApiKeys.FETCH, (short) 0, fetch);

      // then: each is the API's UNSUPPORTED_VERSION answer, and the connection serves on
      assertThat(
              new SaslHandshakeResponseData(new ByteBufferAccessor(saslResponse), (short) 1)
                  .errorCode())
          .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      assertThat(
              new ListOffsetsResponseData(new ByteBufferAccessor(listOffsetsResponse), (short) 0)
                  .topics()
                  .get(0)
                  .partitions()
                  .get(0)
                  .errorCode())
          .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      assertThat(
              new FetchResponseData(new ByteBufferAccessor(fetchResponse), (short) 0)
                  .responses()
                  .get(0)
                  .partitions()
                  .get(0)
                  .errorCode())
          .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
      ApiVersionsResponseData versions = apiVersions(socket, (short) 3);
      assertThat(versions.errorCode()).isEqualTo(Errors.NONE.code());
      assertThat(versions.apiKeys().find(ApiKeys.LIST_OFFSETS.id).minVersion())
          .isEqualTo((short) 1);
      assertThat(versions.apiKeys().find(ApiKeys.FETCH.id).minVersion()).isEqualTo((short) 4);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", chronik.broker().kafkaPort());
    s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
    return s;
  }

  private void assertClosedAfter(byte[] bytes) throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      assertThat(s.getInputStream().read()).as("connection closed by the broker").isEqualTo(-1);
    }
  }

  private static byte[] frame(int size, byte[] body) {
    ByteBuffer buf = ByteBuffer.allocate(4 + body.length);
    buf.putInt(size).put(body);
    return buf.array();
  }

  /**
   * Sends ApiVersions with a v1 header (v0 for the fallback) and parses the v0-compatible reply.
   */
  private static ApiVersionsResponseData apiVersions(Socket socket, short version)
      throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    byte[] clientId = "bad-input-test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(2 + 2 + 4 + 2 + clientId.length + (version >= 3 ? 1 + 1 + 1 + 1 : 0));
    out.writeShort(18);
    out.writeShort(version);
    out.writeInt(1234);
    out.writeShort(clientId.length);
    out.write(clientId);
    if (version >= 3) {
      out.writeByte(0); // header tagged fields
      out.writeByte(1); // client software name: empty compact string
      out.writeByte(1); // client software version: empty compact string
      out.writeByte(0); // body tagged fields
    }
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int size = in.readInt();
    byte[] body = new byte[size];
    in.readFully(body);
    ByteBuffer buf = ByteBuffer.wrap(body);
    assertThat(buf.getInt()).isEqualTo(1234);
    short parseVersion = version > 3 || version == 99 ? 0 : version;
    return new ApiVersionsResponseData(new ByteBufferAccessor(buf), parseVersion);
  }
}
