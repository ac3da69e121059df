package io.chronik.broker.kafka;

import io.chronik.broker.kafka.handler.AlterConfigsHandler;
import io.chronik.broker.kafka.handler.ApiVersionsHandler;
import io.chronik.broker.kafka.handler.CreatePartitionsHandler;
import io.chronik.broker.kafka.handler.CreateTopicsHandler;
import io.chronik.broker.kafka.handler.DeleteRecordsHandler;
import io.chronik.broker.kafka.handler.DeleteTopicsHandler;
import io.chronik.broker.kafka.handler.DescribeClusterHandler;
import io.chronik.broker.kafka.handler.DescribeConfigsHandler;
import io.chronik.broker.kafka.handler.DescribeLogDirsHandler;
import io.chronik.broker.kafka.handler.ElectLeadersHandler;
import io.chronik.broker.kafka.handler.FetchHandler;
import io.chronik.broker.kafka.handler.FindCoordinatorHandler;
import io.chronik.broker.kafka.handler.GroupApis;
import io.chronik.broker.kafka.handler.IncrementalAlterConfigsHandler;
import io.chronik.broker.kafka.handler.InitProducerIdHandler;
import io.chronik.broker.kafka.handler.ListOffsetsHandler;
import io.chronik.broker.kafka.handler.MetadataHandler;
import io.chronik.broker.kafka.handler.OffsetDeleteHandler;
import io.chronik.broker.kafka.handler.OffsetForLeaderEpochHandler;
import io.chronik.broker.kafka.handler.ProduceHandler;
import io.chronik.broker.metrics.BrokerMetrics;
import org.apache.kafka.common.protocol.ApiKeys;

/** The table of Kafka APIs chronik serves, with their handlers and highest versions. */
public final class KafkaApis {
  private KafkaApis() {}

  public static RequestDispatcher create(BrokerServices services, BrokerMetrics metrics) {
    RequestDispatcher d = new RequestDispatcher(metrics);
    TopicCreator creator = new TopicCreator(services);
    d.register(ApiKeys.API_VERSIONS, -1, new ApiVersionsHandler(d.apis(), services.metadata()));
    d.register(ApiKeys.METADATA, 12, new MetadataHandler(services, creator));
    // v0-2 carry message formats v0 and v1; chronik stores record batches (v2) only
    d.register(ApiKeys.PRODUCE, 3, -1, new ProduceHandler(services));
    // v0-3 would need the batches converted to message formats v0 and v1; v13+ names topics by id
    // only
    d.register(ApiKeys.FETCH, 4, 12, new FetchHandler(services));
    // v0 answers a list of offsets
    d.register(ApiKeys.LIST_OFFSETS, 1, -1, new ListOffsetsHandler(services));
    d.register(ApiKeys.CREATE_TOPICS, -1, new CreateTopicsHandler(creator, services));
    d.register(ApiKeys.DELETE_TOPICS, -1, new DeleteTopicsHandler(services));
    d.register(ApiKeys.DELETE_RECORDS, -1, new DeleteRecordsHandler(services));
    d.register(ApiKeys.CREATE_PARTITIONS, -1, new CreatePartitionsHandler(creator));
    d.register(ApiKeys.DESCRIBE_CONFIGS, -1, new DescribeConfigsHandler(services));
    d.register(ApiKeys.DESCRIBE_CLUSTER, -1, new DescribeClusterHandler(services));
    d.register(ApiKeys.DESCRIBE_LOG_DIRS, -1, new DescribeLogDirsHandler(services));
    d.register(ApiKeys.ELECT_LEADERS, -1, new ElectLeadersHandler(services));
    d.register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, -1, new IncrementalAlterConfigsHandler(services));
    d.register(ApiKeys.ALTER_CONFIGS, -1, new AlterConfigsHandler(services));
    d.register(ApiKeys.INIT_PRODUCER_ID, -1, new InitProducerIdHandler(services));
    d.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, -1, new OffsetForLeaderEpochHandler(services));
    d.register(ApiKeys.FIND_COORDINATOR, -1, new FindCoordinatorHandler(services));
    GroupApis.register(d, services);
    d.register(ApiKeys.OFFSET_DELETE, -1, new OffsetDeleteHandler(services));
    return d;
  }
}
