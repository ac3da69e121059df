package io.chronik.broker.kafka;

import io.chronik.broker.BrokerConfig;
import io.chronik.broker.metrics.BrokerMetrics;

/**
 * The real dispatcher table, built without a running broker (for tests that need the served
 * versions).
 */
final class KafkaApisFixture {
  private KafkaApisFixture() {}

  static RequestDispatcher dispatcher() {
    BrokerMetrics metrics = new BrokerMetrics();
    BrokerServices services =
        new BrokerServices(
            1, BrokerConfig.defaults(), null, null, null, null, null, () -> -1, () -> -1, metrics);
    return KafkaApis.create(services, metrics);
  }
}
