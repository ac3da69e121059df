package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two admin clients that create clashing topics at the same moment: one wins, one is refused. */
class TopicCreationRaceIT {
  private static final int ROUNDS = 5;

  @TempDir Path dataDir;
  private Broker broker;

  @BeforeEach
  void start() {
    broker = TestBrokers.start(dataDir);
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldCreateExactlyOneOfTwoCollidingOrEqualNamesCreatedAtOnceByTwoClients()
      throws Exception {
    try (Admin a = TestBrokers.admin(broker);
        Admin b = TestBrokers.admin(broker)) {
      // given: both clients connected
      a.describeCluster().clusterId().get();
      b.describeCluster().clusterId().get();
      List<Throwable> refusals = new ArrayList<>();
      List<String> created = new ArrayList<>();

      for (int round = 0; round < ROUNDS; round++) {
        // when: each round, the two clients send their creations without waiting for each other
        String dotted = "race." + round;
        String same = round % 2 == 0 ? "race_" + round : dotted;
        KafkaFuture<Void> fromA = create(a, dotted);
        KafkaFuture<Void> fromB = create(b, same);
        Throwable failedA = catchThrowable(fromA::get);
        Throwable failedB = catchThrowable(fromB::get);

        // then: exactly one of them created its topic
        assertThat(failedA == null ^ failedB == null)
            .as("round %d: exactly one creation of %s / %s succeeds", round, dotted, same)
            .isTrue();
        refusals.add(failedA != null ? failedA.getCause() : failedB.getCause());
        created.add(failedA == null ? dotted : same);
      }

      // and: the other one got Kafka's error, and each round left one topic
      for (int round = 0; round < ROUNDS; round++) {
        if (round % 2 == 0) {
          assertThat(refusals.get(round))
              .isInstanceOf(InvalidTopicException.class)
              .hasMessageContaining("collides with existing topic: " + created.get(round));
        } else {
          assertThat(refusals.get(round)).isInstanceOf(TopicExistsException.class);
        }
      }
      assertThat(a.listTopics().names().get()).isEqualTo(Set.copyOf(created));
    }
  }

  private static KafkaFuture<Void> create(Admin admin, String name) {
    return admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all();
  }
}
