package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.log.LogConfig;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.TopicInfo;
import io.chronik.broker.partition.ReplicaManager;
import io.chronik.broker.raft.RaftNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition group whose start failed on this node can be joined again: the failed add leaves no
 * group dir behind (Ratis would refuse to format it again).
 */
class GroupAddRetryIT {
  @TempDir Path dir;

  @Test
  void shouldJoinAGroupAgainAfterAJoinThatFailedWhileTheGroupStarted() throws Exception {
    // given: a partition of this node whose log cannot open (its first segment is a directory)
    String groupId = UUID.randomUUID().toString();
    Path badSegment =
        Files.createDirectories(
            dir.resolve("partitions").resolve("t-0").resolve("00000000000000000000.log"));
    MetadataImage image =
        MetadataImage.empty()
            .apply(
                new MetaCommand.CreateTopic(
                    new TopicInfo(
                        "t",
                        "AAAAAAAAAAAAAAAAAAAAAA",
                        List.of(new PartitionAssignment(0, groupId, List.of(1))),
                        Map.of())))
            .image();
    ReplicaManager replicas =
        new ReplicaManager(dir.resolve("partitions"), 1, LogConfig.defaults());
    int port = LoopbackPorts.free();
    try (RaftNode node =
        RaftNode.start(
            1,
            "127.0.0.1",
            port,
            dir.resolve("raft"),
            UUID.randomUUID(),
            RaftNode.Settings.defaults(),
            replicas,
            id -> "127.0.0.1:" + port)) {

      // when: the group's start fails (its state machine cannot open the log)
      replicas.reconcile(image, node);

      // then: no group dir is left, and the reconcile says it is worth running again
      assertThat(node.localGroups()).doesNotContain(groupId);
      assertThat(dir.resolve("raft").resolve(groupId)).doesNotExist();
      assertThat(replicas.hasFailedJoins()).isTrue();
      long failedAt = System.currentTimeMillis();
      assertThat(replicas.joinRetryDue(failedAt + 1_100)).isTrue();

      // and when: it fails again, the next try waits twice as long
      replicas.reconcile(image, node);
      long again = System.currentTimeMillis();
      assertThat(replicas.joinRetryDue(again + 1_000)).isFalse();
      assertThat(replicas.joinRetryDue(again + 2_100)).isTrue();

      // and when: run again once the log opens, with the same metadata
      Files.delete(badSegment);
      replicas.reconcile(image, node);

      // then: the group is joined
      assertThat(node.localGroups()).contains(groupId);
      assertThat(replicas.hasFailedJoins()).isFalse();
    } finally {
      replicas.close();
    }
  }
}
