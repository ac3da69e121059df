package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerReadinessTest {
  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(503);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private MetadataImage image;

  @BeforeEach
  void start() throws IOException {
    // a node's admin API whose /ready answers what the test sets
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    BrokerInfo node2 = new BrokerInfo(2, "127.0.0.1", 1, server.getAddress().getPort(), 3, "");
    image = MetadataImage.empty().apply(new MetaCommand.RegisterBroker(node2)).image();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldCountANodeReadyOnlyOnceItsReadyAnswers200() {
    // given: node 2 replays its logs (503)
    PeerReadiness readiness = new PeerReadiness(() -> image, now::get);

    // when / then: never probed yet, then probed and not ready
    assertThat(readiness.test(2)).isFalse();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !readiness.test(2));

    // when: it is ready, and the last answer is older than a probe interval
    status.set(200);
    now.addAndGet(PeerReadiness.PROBE_EVERY_MS);

    // then
    await().atMost(Duration.ofSeconds(5)).until(() -> readiness.test(2));
  }

  @Test
  void shouldCountANodeNotReadyWhenItIsNotRegisteredOrItsLastAnswerIsStale() {
    // given: node 2 is ready
    status.set(200);
    PeerReadiness readiness = new PeerReadiness(() -> image, now::get);
    readiness.test(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> readiness.test(2));

    // when: it stops answering (the server is gone) and its last answer gets old
    server.stop(0);
    now.addAndGet(PeerReadiness.STALE_MS + 1);

    // then: not ready, and a node the metadata does not know never is
    assertThat(readiness.test(2)).isFalse();
    assertThat(readiness.test(7)).isFalse();
  }
}
