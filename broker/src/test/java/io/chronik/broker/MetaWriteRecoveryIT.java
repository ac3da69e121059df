package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node writes to the metadata group again once the group is back, after one of its writes ran out
 * of tries while the group had no quorum: the Raft client that gave up is replaced, not kept (Ratis
 * closes such a client for good, and every later write failed at once with "is closed": the node
 * could not commit a consumer group's offsets, report leaders or register until it restarted).
 */
class MetaWriteRecoveryIT {
  @TempDir Path dir;
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldWriteMetadataAgainWhenAWriteGaveUpWhileTheGroupHadNoQuorum() throws Exception {
    // given: nodes 2 and 3 are down, so node 1's write to the metadata group runs out of tries
    cluster.start(dir, 3);
    Broker node1 = cluster.node(1);
    MetaCommand write = new MetaCommand.InitCluster(node1.clusterId());
    cluster.stop(2);
    cluster.stop(3);
    assertThatThrownBy(() -> node1.raft().submit(write).get(180, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);

    // when: the group has its quorum again (node 2 waits for it to start, so it starts aside)
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      Future<Broker> node2 = starter.submit(() -> cluster.restart(2));
      node2.get(180, TimeUnit.SECONDS);
    } finally {
      starter.shutdownNow();
    }

    // then: node 1 writes again
    MetaResult result = node1.raft().submit(write).get(60, TimeUnit.SECONDS);
    assertThat(result.isOk()).as(result.message()).isTrue();
  }
}
