package io.chronik.broker.kafka.handler;

import io.chronik.broker.kafka.ApiHandler;
import io.chronik.broker.kafka.BrokerServices;
import io.chronik.broker.kafka.RequestContext;
import io.chronik.broker.partition.PartitionReplica;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DescribeLogDirs: the node's one log dir, its {@code partitions/} directory (by absolute path),
 * with every partition replica hosted here and the bytes of its log segments, and (v4+) the total
 * and usable bytes of the file system holding it. A request naming topics gets only the named
 * partitions; one with null topics gets all. Replicas have no future logs here and the offset lag
 * is 0.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequest> {
  private static final Logger LOGGER = LoggerFactory.getLogger(DescribeLogDirsHandler.class);

  private final BrokerServices services;

  public DescribeLogDirsHandler(BrokerServices services) {
    this.services = services;
  }

  @Override
  public CompletableFuture<AbstractResponse> handle(
      RequestContext context, DescribeLogDirsRequest request) {
    Path dir = services.replicas().partitionsDir().toAbsolutePath();
    Map<TopicPartition, PartitionReplica> replicas = services.replicas().replicas();
    DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
    try {
      FileStore store = Files.getFileStore(dir);
      result
          .setTotalBytes(largeFileSystem(store.getTotalSpace()))
          .setUsableBytes(largeFileSystem(store.getUsableSpace()))
          .setTopics(
              topics(request, replicas.keySet(), tp -> replicas.get(tp).log().sizeInBytes()));
    } catch (IOException e) {
      // as Kafka answers a log dir it cannot use: the error, and no partitions
      LOGGER.warn("DescribeLogDirs: cannot read the file system of {}: {}", dir, e.toString());
      result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
    }
    DescribeLogDirsResponseData data =
        new DescribeLogDirsResponseData()
            .setErrorCode(Errors.NONE.code())
            .setResults(new ArrayList<>(List.of(result)));
    return CompletableFuture.completedFuture(new DescribeLogDirsResponse(data));
  }

  /**
   * The asked-for partitions of {@code hosted}, by topic name, each topic's partitions by index,
   * with the size {@code sizes} gives.
   */
  static List<DescribeLogDirsTopic> topics(
      DescribeLogDirsRequest request,
      Collection<TopicPartition> hosted,
      ToLongFunction<TopicPartition> sizes) {
    Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
    hosted.stream()
        .filter(tp -> wanted(request, tp))
        .sorted(
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
        .forEach(
            tp ->
                byTopic
                    .computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(
                        new DescribeLogDirsPartition()
                            .setPartitionIndex(tp.partition())
                            .setPartitionSize(sizes.applyAsLong(tp))
                            .setOffsetLag(0)
                            .setIsFutureKey(false)));
    List<DescribeLogDirsTopic> topics = new ArrayList<>(byTopic.size());
    byTopic.forEach(
        (name, partitions) ->
            topics.add(new DescribeLogDirsTopic().setName(name).setPartitions(partitions)));
    return topics;
  }

  private static boolean wanted(DescribeLogDirsRequest request, TopicPartition tp) {
    if (request.isAllTopicPartitions()) {
      return true;
    }
    DescribableLogDirTopic topic = request.data().topics().find(tp.topic());
    return topic != null && topic.partitions().contains(tp.partition());
  }

  /** A file system too large for a long reports a negative size (JDK-8162520), as Kafka adjusts. */
  private static long largeFileSystem(long bytes) {
    return bytes < 0 ? Long.MAX_VALUE : bytes;
  }
}
