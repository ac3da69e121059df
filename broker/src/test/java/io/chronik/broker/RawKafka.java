package io.chronik.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A bare Kafka request over a socket, serialized by kafka-clients: for tests below the client
 * library.
 */
final class RawKafka {
  private RawKafka() {}

  /** Sends one request and returns the response body (after its header). */
  static ByteBuffer call(Socket socket, ApiKeys key, short version, ApiMessage body)
      throws IOException {
    RequestHeader header = new RequestHeader(key, version, "raw-test", 99);
    ObjectSerializationCache cache = new ObjectSerializationCache();
    int size = header.data().size(cache, header.headerVersion()) + body.size(cache, version);
    ByteBuffer buf = ByteBuffer.allocate(4 + size);
    buf.putInt(size);
    ByteBufferAccessor out = new ByteBufferAccessor(buf);
    header.data().write(out, cache, header.headerVersion());
    body.write(out, cache, version);
    DataOutputStream os = new DataOutputStream(socket.getOutputStream());
    os.write(buf.array());
    os.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] response = new byte[in.readInt()];
    in.readFully(response);
    ByteBuffer rb = ByteBuffer.wrap(response);
    ResponseHeader.parse(rb, key.responseHeaderVersion(version));
    return rb;
  }
}
