package io.chronik.cli.devcluster;

import io.chronik.broker.Broker;
import io.chronik.broker.BrokerConfig;
import io.chronik.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Starts the dev cluster's nodes together (a Raft cluster needs a majority to start), prints their
 * addresses, and closes them all from a shutdown hook. Kept apart from {@link DevClusterCommand} so
 * the broker's classes load only when the cluster really starts.
 */
final class DevClusterRunner {
  private DevClusterRunner() {}

  static int run(int count, Path dataDir, int basePort, PrintWriter out, PrintWriter err) {
    io.chronik.cli.ServerLogging.install();
    List<BrokerConfig.PeerAddress> peers = new ArrayList<>();
    for (int id = 1; id <= count; id++) {
      peers.add(new BrokerConfig.PeerAddress(id, "127.0.0.1", port(basePort, id, 1)));
    }
    List<CompletableFuture<Broker>> starting = new ArrayList<>();
    for (BrokerConfig.PeerAddress p : peers) {
      BrokerConfig config =
          BrokerConfig.builder()
              .dataDir(dataDir.resolve("node" + p.nodeId()))
              .nodeId(p.nodeId())
              .ports(port(basePort, p.nodeId(), 0), p.raftPort(), port(basePort, p.nodeId(), 2))
              .peers(count > 1 ? peers : List.of())
              .build();
      starting.add(CompletableFuture.supplyAsync(() -> Broker.start(config)));
    }
    List<Broker> started = new ArrayList<>();
    try {
      for (CompletableFuture<Broker> f : starting) {
        started.add(f.join());
      }
    } catch (CompletionException e) {
      started.forEach(Broker::close);
      starting.forEach(f -> f.thenAccept(Broker::close));
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.forEach(Broker::close);
                  err.println("chronik: dev cluster stopped");
                  err.flush();
                  stopped.countDown();
                },
                "chronik-dev-cluster-shutdown"));
    for (Broker b : started) {
      out.printf(
          "node %d: kafka=127.0.0.1:%d raft=127.0.0.1:%d admin=http://127.0.0.1:%d data=%s%n",
          b.nodeId(), b.kafkaPort(), b.raftPort(), b.adminPort(), b.dataDir());
    }
    out.println(
        "chronik dev cluster ready: "
            + count
            + " nodes, cluster "
            + started.get(0).clusterId()
            + ", bootstrap "
            + started.stream()
                .map(b -> "127.0.0.1:" + b.kafkaPort())
                .collect(Collectors.joining(",")));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private static int port(int base, int nodeId, int offset) {
    return base + 10 * (nodeId - 1) + offset;
  }
}
