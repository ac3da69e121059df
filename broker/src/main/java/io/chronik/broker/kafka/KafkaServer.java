package io.chronik.broker.kafka;

import io.chronik.broker.metrics.BrokerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka protocol listener: a Vert.x TCP server handing each connection to a {@link
 * KafkaConnection}.
 */
public final class KafkaServer {
  private final NetServer server;

  private KafkaServer(NetServer server) {
    this.server = server;
  }

  /** Starts listening; the future completes once the port is bound. */
  public static Future<KafkaServer> start(
      Vertx vertx,
      String host,
      int port,
      java.util.function.Supplier<RequestDispatcher> dispatcher,
      BrokerMetrics metrics,
      int maxFrameBytes) {
    AtomicLong ids = new AtomicLong();
    NetServer server =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setReuseAddress(true)
                .setReceiveBufferSize(1024 * 1024)
                .setSendBufferSize(1024 * 1024));
    server.connectHandler(
        socket -> {
          RequestDispatcher d = dispatcher.get();
          if (d == null) {
            // the node is still starting: clients retry, as with a broker that is not up yet
            socket.close();
            return;
          }
          metrics.connectionOpened();
          new KafkaConnection(socket, d, metrics, maxFrameBytes, ids.incrementAndGet()).start();
        });
    return server.listen().map(KafkaServer::new);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
