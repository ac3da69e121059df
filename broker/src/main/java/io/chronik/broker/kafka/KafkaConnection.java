package io.chronik.broker.kafka;

import io.chronik.broker.metrics.BrokerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: frames requests (a 4-byte size, then the body), dispatches them, and
 * writes responses strictly in request order, as Kafka clients require.
 *
 * <p>All state is touched only on the connection's event loop. A size of zero, a negative size or
 * one above {@code maxFrameBytes} closes this connection and nothing else. Reading pauses while too
 * many requests are in flight or the socket's write queue is full (backpressure).
 */
final class KafkaConnection {
  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaConnection.class);
  private static final int MAX_IN_FLIGHT = 64;

  private final NetSocket socket;
  private final Context context;
  private final RequestDispatcher dispatcher;
  private final BrokerMetrics metrics;
  private final int maxFrameBytes;
  private final long id;
  private final String clientHost;
  private final RecordParser parser;
  private final Deque<Slot> inFlight = new ArrayDeque<>();
  private boolean expectSize = true;
  private boolean closed;
  private boolean paused;

  /** A request awaiting its response; {@code frame == null} once done means "no response". */
  private static final class Slot {
    boolean done;
    ByteBuffer frame;
  }

  KafkaConnection(
      NetSocket socket,
      RequestDispatcher dispatcher,
      BrokerMetrics metrics,
      int maxFrameBytes,
      long id) {
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.maxFrameBytes = maxFrameBytes;
    this.id = id;
    this.clientHost = socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
    this.parser = RecordParser.newFixed(4, this::onRecord);
  }

  void start() {
    socket.handler(parser);
    socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
    socket.closeHandler(
        v -> {
          closed = true;
          metrics.connectionClosed();
        });
    socket.drainHandler(v -> updateFlow());
  }

  private void onRecord(Buffer buffer) {
    if (closed) {
      return;
    }
    if (expectSize) {
      int size = buffer.getInt(0);
      if (size <= 0 || size > maxFrameBytes) {
        metrics.rejectedFrame();
        close(
            "request size "
                + size
                + " is outside 1.."
                + maxFrameBytes
                + " bytes (socket.request.max.bytes)");
        return;
      }
      expectSize = false;
      parser.fixedSizeMode(size);
    } else {
      expectSize = true;
      parser.fixedSizeMode(4);
      handleFrame(ByteBuffer.wrap(buffer.getBytes()));
    }
  }

  private void handleFrame(ByteBuffer frame) {
    CompletableFuture<ByteBuffer> response;
    try {
      response = dispatcher.dispatch(frame, clientHost, id);
    } catch (MalformedRequestException e) {
      metrics.rejectedFrame();
      close(e.getMessage());
      return;
    }
    Slot slot = new Slot();
    inFlight.addLast(slot);
    updateFlow();
    response.whenComplete(
        (frameOut, error) ->
            context.runOnContext(
                v -> {
                  if (error != null) {
                    close("cannot answer request: " + error);
                    return;
                  }
                  slot.done = true;
                  slot.frame = frameOut;
                  flush();
                }));
  }

  private void flush() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
      Slot slot = inFlight.pollFirst();
      if (slot.frame != null && !closed) {
        socket.write(Buffer.buffer(toBytes(slot.frame)));
      }
    }
    updateFlow();
  }

  private static byte[] toBytes(ByteBuffer buf) {
    if (buf.hasArray()
        && buf.arrayOffset() == 0
        && buf.position() == 0
        && buf.remaining() == buf.array().length) {
      return buf.array();
    }
    byte[] bytes = new byte[buf.remaining()];
    buf.duplicate().get(bytes);
    return bytes;
  }

  private void updateFlow() {
    if (closed) {
      return;
    }
    boolean shouldPause = inFlight.size() >= MAX_IN_FLIGHT || socket.writeQueueFull();
    if (shouldPause && !paused) {
      paused = true;
      socket.pause();
    } else if (!shouldPause && paused) {
      paused = false;
      socket.resume();
    }
  }

  private void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    LOGGER.warn("closing Kafka connection {} from {}: {} (CHR-1101)", id, clientHost, reason);
    socket.close();
  }
}
