package io.chronik.cli.standalone;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.broker.ChronikException;
import io.chronik.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node in the foreground: starts the {@link Broker}, prints the ready line, and blocks
 * until a shutdown hook (SIGINT, SIGTERM, {@code System.exit}) has closed it, or until the node,
 * removed from the cluster, has stopped by itself (then it fails with CHR-1009, exit 65).
 *
 * <p>This is the only CLI class that touches {@link Broker}; keeping it apart from {@link
 * StandaloneCommand} keeps the broker's dependencies out of every other command's start-up.
 */
final class NodeRunner {
  private static final Logger LOGGER = LoggerFactory.getLogger(NodeRunner.class);

  private NodeRunner() {}

  static int run(BrokerConfig config, PrintWriter out, PrintWriter err) {
    io.chronik.cli.ServerLogging.install();
    Broker broker = Broker.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(broker, err, stopped), "chronik-shutdown"));
    out.println(
        ReadyLine.of(
            broker.nodeId(),
            broker.clusterId(),
            broker.advertisedHost(),
            broker.kafkaPort(),
            broker.raftPort(),
            broker.adminPort(),
            config.dataDir()));
    out.flush();
    // a node removed from the cluster (chronik cluster remove-node) stops by itself
    broker.removal().thenRun(stopped::countDown);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ChronikException removed = broker.removal().getNow(null);
    if (removed != null) {
      throw removed; // CHR-1009, exit 65
    }
    return ExitCodes.OK;
  }

  private static void stop(Broker broker, PrintWriter err, CountDownLatch stopped) {
    try {
      broker.close();
      err.println("chronik: stopped");
    } catch (RuntimeException e) {
      LOGGER.error("node {} did not shut down cleanly", broker.nodeId(), e);
      err.println("chronik: stopped with errors");
    } finally {
      err.flush();
      stopped.countDown();
    }
  }
}
