package io.chronik.broker.kafka;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.meta.PartitionLeader;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.metrics.BrokerMetrics;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.replication.GroupHost;
import io.chronik.broker.replication.GroupStatus;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * What tests of the Kafka APIs build without a running broker: the real dispatcher table, a node's
 * {@link BrokerServices}, a metadata service that only reads, and metadata images.
 */
public final class KafkaApisFixture {
  private KafkaApisFixture() {}

  /** The real dispatcher table (for tests that need the served versions). */
  static RequestDispatcher dispatcher() {
    BrokerMetrics metrics = new BrokerMetrics();
    return KafkaApis.create(services(null, null, null, -1, -1L, metrics), metrics);
  }

  /** The real dispatcher table over {@code services}. */
  static RequestDispatcher dispatcher(BrokerServices services) {
    return KafkaApis.create(services, services.metrics());
  }

  /** A request frame (without its size prefix) of correlation id 7, as a client writes it. */
  static ByteBuffer frame(ApiKeys key, short version, ApiMessage body) {
    RequestHeader header = new RequestHeader(key, version, "dispatcher-test", 7);
    ObjectSerializationCache cache = new ObjectSerializationCache();
    ByteBuffer buf =
        ByteBuffer.allocate(
            header.data().size(cache, header.headerVersion()) + body.size(cache, version));
    ByteBufferAccessor out = new ByteBufferAccessor(buf);
    header.data().write(out, cache, header.headerVersion());
    body.write(out, cache, version);
    buf.flip();
    return buf;
  }

  /** Sends {@code body} through {@code dispatcher} and parses the response as a client does. */
  static AbstractResponse exchange(
      RequestDispatcher dispatcher, ApiKeys key, short version, ApiMessage body) throws Exception {
    ByteBuffer response =
        dispatcher.dispatch(frame(key, version, body), "127.0.0.1", 1).get(10, TimeUnit.SECONDS);
    if (response.getInt() != response.remaining()) {
      throw new IllegalStateException("the response's size prefix is wrong");
    }
    ResponseHeader.parse(response, key.responseHeaderVersion(version));
    return AbstractResponse.parseResponse(key, response, version);
  }

  /**
   * The services of node 1 with the default config, no group coordinator and no Vert.x; {@code
   * metaLeader} is the metadata group's leader and {@code coordinatorTerm} the coordinator's term.
   */
  public static BrokerServices services(
      MetadataService metadata,
      ReplicaManager replicas,
      GroupHost groups,
      int metaLeader,
      long coordinatorTerm) {
    return services(metadata, replicas, groups, metaLeader, coordinatorTerm, new BrokerMetrics());
  }

  private static BrokerServices services(
      MetadataService metadata,
      ReplicaManager replicas,
      GroupHost groups,
      int metaLeader,
      long coordinatorTerm,
      BrokerMetrics metrics) {
    return new BrokerServices(
        1,
        BrokerConfig.defaults(),
        metadata,
        replicas,
        groups,
        null,
        null,
        () -> metaLeader,
        () -> coordinatorTerm,
        metrics);
  }

  /**
   * A metadata service whose image is {@code image.get()} at each call, applied at index 1;
   * submitting throws.
   */
  public static MetadataService metadata(Supplier<MetadataImage> image) {
    return new MetadataService() {
      @Override
      public MetadataImage image() {
        return image.get();
      }

      @Override
      public long appliedIndex() {
        return 1;
      }

      @Override
      public CompletableFuture<MetaResult> submit(MetaCommand command) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void addListener(Consumer<MetadataImage> listener) {}
    };
  }

  /**
   * The image of cluster "c" with these nodes, topics and reported partition leaders (group id →
   * leader), and nothing else.
   */
  public static MetadataImage image(
      Map<Integer, BrokerInfo> brokers,
      Map<String, TopicInfo> topics,
      Map<String, PartitionLeader> leaders) {
    return new MetadataImage(
        "c", brokers, topics, Map.of(), 1000L, leaders, Map.of(), Map.of(), Map.of(), Set.of());
  }

  /**
   * A node that hosts no Raft group: submitting and read barriers throw, adding and removing a
   * group do nothing. Tests override what their handler asks of it.
   */
  public static class NoGroups implements GroupHost {
    @Override
    public CompletableFuture<ByteBuffer> submit(String groupId, ByteBuffer payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> readBarrier(String groupId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addGroup(String groupId, List<Integer> replicas) {}

    @Override
    public void removeGroup(String groupId) {}

    @Override
    public Set<String> localGroups() {
      return Set.of();
    }

    @Override
    public Optional<GroupStatus> status(String groupId) {
      return Optional.empty();
    }

    @Override
    public List<GroupStatus> statuses() {
      return List.of();
    }
  }
}
