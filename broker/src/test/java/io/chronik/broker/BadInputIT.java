package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage, oversized and unknown requests close only the offending connection. */
class BadInputIT {
  @TempDir Path dataDir;
  private Broker broker;

  @BeforeEach
  void start() {
    broker = TestBrokers.start(dataDir);
  }

  @AfterEach
  void stop() {
    broker.close();
  }

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
    try (KafkaProducer<String, String> producer = TestBrokers.producer(broker, Map.of())) {
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
  void shouldAnswerUnsupportedVersionWhenApiIsNotServed() throws Exception {
    try (Socket socket = connect()) {
      // given: SaslHandshake, a Kafka API chronik does not serve
      SaslHandshakeRequestData request = new SaslHandshakeRequestData().setMechanism("PLAIN");

      // when
      ByteBuffer response = RawKafka.call(socket, ApiKeys.SASL_HANDSHAKE, (short) 1, request);

      // then
      SaslHandshakeResponseData parsed =
          new SaslHandshakeResponseData(new ByteBufferAccessor(response), (short) 1);
      assertThat(parsed.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", broker.kafkaPort());
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
