package io.chronik.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round-trips every version of every API chronik serves through kafka-clients' own serializers: a
 * request written by Kafka parses through the dispatcher's path, and every response chronik can
 * write (including each API's error response) parses back with Kafka's response parser.
 */
class ResponseWriterTest {

  static Stream<Arguments> servedVersions() {
    RequestDispatcher dispatcher = KafkaApisFixture.dispatcher();
    List<Arguments> out = new ArrayList<>();
    for (ApiKeys key : ApiKeys.values()) {
      if (!dispatcher.apis().supports(key)) {
        continue;
      }
      for (short v = key.oldestVersion(); v <= dispatcher.apis().maxVersion(key); v++) {
        out.add(Arguments.of(key, v));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("servedVersions")
  void shouldRoundTripRequestAndErrorResponseWhenVersionIsServed(ApiKeys key, short version) {
    // given: a request serialized by kafka-clients with its header
    ApiMessage body = key.messageType.newRequest();
    if (body instanceof ProduceRequestData produce) {
      produce.setAcks((short) 1); // acks=0 has no response at all
    }
    RequestHeader header =
        new RequestHeader(
            new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setClientId("codec-test")
                .setCorrelationId(42),
            key.requestHeaderVersion(version));
    ByteBuffer frame = serialize(header, body, version);

    // when: chronik parses it the way the dispatcher does and writes the error response
    RequestHeader parsedHeader = RequestHeader.parse(frame);
    AbstractRequest request = AbstractRequest.parseRequest(key, version, frame).request;
    AbstractResponse error = request.getErrorResponse(new UnsupportedVersionException("test"));
    ByteBuffer written = ResponseWriter.frame(parsedHeader.toResponseHeader(), error, version);

    // then: the request is what Kafka wrote, and the response bytes are exactly Kafka's
    assertThat(parsedHeader.correlationId()).isEqualTo(42);
    assertThat(request.data()).isEqualTo(roundTrip(key, body, version));
    int size = written.getInt();
    assertThat(size).isEqualTo(written.remaining());
    ByteBuffer expectedHeader =
        MessageUtil.toByteBuffer(
            parsedHeader.toResponseHeader().data(),
            parsedHeader.toResponseHeader().headerVersion());
    ByteBuffer expectedBody = MessageUtil.toByteBuffer(error.data(), version);
    ByteBuffer actualHeader = written.slice(written.position(), expectedHeader.remaining());
    ByteBuffer actualBody =
        written.slice(
            written.position() + expectedHeader.remaining(),
            written.remaining() - expectedHeader.remaining());
    assertThat(actualHeader).isEqualTo(expectedHeader);
    assertThat(actualBody).isEqualTo(expectedBody);
    assertThat(AbstractResponse.parseResponse(written, header).apiKey()).isEqualTo(key);
  }

  private static ApiMessage roundTrip(ApiKeys key, ApiMessage body, short version) {
    return AbstractRequest.parseRequest(key, version, MessageUtil.toByteBuffer(body, version))
        .request
        .data();
  }

  @ParameterizedTest(name = "{0} v{1}")
  @MethodSource("servedVersions")
  void shouldWriteDefaultResponseThatKafkaParsesWhenVersionIsServed(ApiKeys key, short version) {
    // given
    ApiMessage data = key.messageType.newResponse();
    AbstractResponse response =
        AbstractResponse.parseResponse(key, MessageUtil.toByteBuffer(data, version), version);
    RequestHeader header = new RequestHeader(key, version, "codec-test", 7);

    // when
    ByteBuffer written = ResponseWriter.frame(header.toResponseHeader(), response, version);

    // then
    written.getInt();
    assertThat(AbstractResponse.parseResponse(written, header).data()).isEqualTo(response.data());
  }

  private static ByteBuffer serialize(RequestHeader header, ApiMessage body, short version) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    int size = header.data().size(cache, header.headerVersion()) + body.size(cache, version);
    ByteBuffer buf = ByteBuffer.allocate(size);
    ByteBufferAccessor out = new ByteBufferAccessor(buf);
    header.data().write(out, cache, header.headerVersion());
    body.write(out, cache, version);
    buf.flip();
    return buf;
  }
}
