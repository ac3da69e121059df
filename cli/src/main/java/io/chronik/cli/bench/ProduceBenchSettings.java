package io.chronik.cli.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What one produce benchmark run does. Built by {@link BenchProduceCommand} from checked options.
 *
 * @param bootstrap the Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic the topic written to; created when missing
 * @param partitions partitions of the topic when it is created
 * @param replicationFactor replication factor of the topic when it is created
 * @param records how many records to send
 * @param recordSize the value size of each record, in bytes (records have no key)
 * @param throughput the target records per second, or -1 for as fast as possible
 * @param timeout how long to wait for the cluster to answer before giving up (exit 69)
 * @param producerProperties the producer's configuration, including every {@code --producer-prop}
 */
record ProduceBenchSettings(
    String bootstrap,
    String topic,
    int partitions,
    short replicationFactor,
    long records,
    int recordSize,
    long throughput,
    Duration timeout,
    Map<String, String> producerProperties) {

  ProduceBenchSettings {
    producerProperties = Map.copyOf(producerProperties);
  }
}
