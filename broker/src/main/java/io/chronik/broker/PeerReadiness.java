package io.chronik.broker;

import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetadataImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether another node is ready, as its admin API's {@code /ready} says (200: it replayed the
 * metadata, serves Kafka requests and every one of its groups has caught up), at the address the
 * node registered in the metadata. The preferred-leader watch asks it before it hands a group's
 * lead back to a restarted node: a node that still replays its logs takes no writes as a leader.
 *
 * <p>{@link #test} never blocks: it answers from the last probe of the node and starts a new one
 * when that is older than {@link #PROBE_EVERY_MS} (one probe per node in flight at a time). A node
 * never probed, not registered, not answering, or last heard from more than {@link #STALE_MS} ago
 * counts as not ready.
 */
final class PeerReadiness implements IntPredicate {
  private static final Logger LOGGER = LoggerFactory.getLogger(PeerReadiness.class);
  static final long PROBE_EVERY_MS = 1_000;
  static final long STALE_MS = 3_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private record Answer(boolean ready, long atMs) {}

  private final Supplier<MetadataImage> image;
  private final LongSupplier clock;
  private final HttpClient http;
  private final Map<Integer, Answer> answers = new ConcurrentHashMap<>();
  private final Set<Integer> inFlight = ConcurrentHashMap.newKeySet();

  PeerReadiness(Supplier<MetadataImage> image, LongSupplier clock) {
    this.image = image;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public boolean test(int nodeId) {
    long now = clock.getAsLong();
    Answer last = answers.get(nodeId);
    if (last == null || now - last.atMs() >= PROBE_EVERY_MS) {
      probe(nodeId);
    }
    return last != null && last.ready() && now - last.atMs() <= STALE_MS;
  }

  private void probe(int nodeId) {
    BrokerInfo info = image.get().brokers().get(nodeId);
    if (info == null || !inFlight.add(nodeId)) {
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + info.host() + ":" + info.adminPort() + "/ready"))
            .timeout(TIMEOUT)
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              boolean ready = error == null && response.statusCode() == 200;
              if (error != null) {
                LOGGER.debug("node {}'s /ready did not answer: {}", nodeId, error.toString());
              }
              answers.put(nodeId, new Answer(ready, clock.getAsLong()));
              inFlight.remove(nodeId);
            });
  }
}
