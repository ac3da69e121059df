package io.chronik.broker.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/** Serializes a response with its header into one size-prefixed frame: sized once, written once. */
final class ResponseWriter {
  private ResponseWriter() {}

  static ByteBuffer frame(ResponseHeader header, AbstractResponse response, short version) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    ApiMessage headerData = header.data();
    ApiMessage body = response.data();
    int size = headerData.size(cache, header.headerVersion()) + body.size(cache, version);
    ByteBuffer buf = ByteBuffer.allocate(4 + size);
    buf.putInt(size);
    ByteBufferAccessor out = new ByteBufferAccessor(buf);
    headerData.write(out, cache, header.headerVersion());
    body.write(out, cache, version);
    buf.flip();
    return buf;
  }
}
