package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a closed node leaves running: nothing that still works on its data dir. */
class BrokerCloseIT {
  @TempDir Path dataDir;

  @Test
  void shouldEndTheReconcileOfADeletedTopicBeforeCloseReturns() throws Exception {
    // given: a topic deleted just before the node closes, so that the reconcile that leaves its
    // groups and deletes its files is under way or queued
    Broker broker = Broker.start(TestBrokers.config(dataDir));
    try (Admin admin = TestBrokers.admin(broker)) {
      admin.createTopics(List.of(new NewTopic("gone", 6, (short) 1))).all().get();
      admin.deleteTopics(List.of("gone")).all().get();
    }

    // when
    broker.close();

    // then: the data dir lock is released, so nothing may touch the dir any more
    assertThat(broker.reconcilerStopped()).isTrue();
  }
}
