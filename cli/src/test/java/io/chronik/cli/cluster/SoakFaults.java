package io.chronik.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chronik.cli.CliRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak's fault loop, driven by one seeded {@link Random}: it draws a fault, its target (by
 * role: the metadata leader, a partition's leader, or any node) and its timing, runs it, then waits
 * until the cluster is whole again and every partition takes writes again. At most one node is down
 * or stopped at a time. The same seed draws the same faults, roles and delays; which node holds a
 * role depends on the run.
 *
 * <ul>
 *   <li>{@code kill -9} of a node, restarted after 0.5–6 s; at times while it takes a snapshot;
 *       while it is down, half the time a transfer-leader or snapshot on the survivors as well;
 *   <li>SIGSTOP of a node for 2–8 s, then SIGCONT: a hung JVM, longer than the election timeout; at
 *       times while a leader hands a group over to it;
 *   <li>{@code chronik cluster transfer-leader} of a random partition (or the metadata group) to a
 *       random node;
 *   <li>{@code chronik snapshot create} on a random node.
 * </ul>
 */
final class SoakFaults {
  private static final Duration WHOLE_WITHIN = Duration.ofSeconds(120);
  private static final Duration WRITES_WITHIN = Duration.ofSeconds(60);
  private static final long MAX_FOLLOWER_LAG = 1_000;

  private final Random random;
  private final List<NodeProcess> nodes;
  private final Map<String, Integer> topics;
  private final int expectedGroups;
  private final SoakWorkload workload;
  private final long startNanos = System.nanoTime();
  private final List<String> journal = new CopyOnWriteArrayList<>();
  private final List<String> failedActions = new CopyOnWriteArrayList<>();

  /**
   * @param topics each topic's partition count
   * @param expectedGroups the Raft groups of the cluster, the metadata group included
   */
  SoakFaults(
      long seed,
      List<NodeProcess> nodes,
      Map<String, Integer> topics,
      int expectedGroups,
      SoakWorkload workload) {
    this.random = new Random(seed);
    this.nodes = nodes;
    this.topics = topics;
    this.expectedGroups = expectedGroups;
    this.workload = workload;
  }

  /** Runs faults until {@code duration} has passed, each followed by a healed cluster. */
  void run(Duration duration) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      int draw = random.nextInt(10);
      if (draw < 3) {
        kill();
      } else if (draw < 6) {
        pause();
      } else if (draw < 9) {
        act(transfer(null), true);
      } else {
        act(snapshotOn(nodes.get(random.nextInt(nodes.size()))), true);
      }
      awaitWhole();
      awaitWrites();
    }
  }

  /**
   * kill -9, restart after a while. One time in four the victim is taking a snapshot when it dies;
   * half the time a transfer-leader or a snapshot runs on the survivors while it is down.
   */
  private void kill() throws Exception {
    Role role = role();
    Duration down = Duration.ofMillis(500 + random.nextInt(5_500));
    boolean duringSnapshot = random.nextInt(4) == 0;
    Duration snapshotHead = Duration.ofMillis(random.nextInt(300));
    boolean alsoAct = random.nextBoolean();
    boolean transfer = random.nextBoolean();
    NodeProcess victim = role.resolve(this);
    if (duringSnapshot) {
      // the node dies with its snapshot half written: it must never count
      actLater(snapshotOn(victim));
      hold(snapshotHead);
    }
    note("kill -9 node %d (%s), restart after %d ms", victim.nodeId, role, down.toMillis());
    victim.kill();
    if (alsoAct) {
      // a second operation while a node is down: it may fail, so it is only noted
      act(transfer ? transfer(survivor(victim)) : snapshotOn(survivor(victim)), false);
    }
    hold(down);
    victim.restart();
    victim.awaitReady();
    note("node %d ready again", victim.nodeId);
  }

  /**
   * SIGSTOP, SIGCONT after a while. One time in three the victim is taking over a partition's (or
   * the metadata group's) lead when it stops: the hand-over must not leave the group without a
   * leader.
   */
  private void pause() throws Exception {
    Role role = role();
    Duration stopped = Duration.ofMillis(2_000 + random.nextInt(6_000));
    boolean duringTransfer = random.nextInt(3) == 0;
    Duration transferHead = Duration.ofMillis(random.nextInt(500));
    NodeProcess victim = role.resolve(this);
    if (duringTransfer) {
      actLater(transfer(victim));
      hold(transferHead);
    }
    note("SIGSTOP node %d (%s) for %d ms", victim.nodeId, role, stopped.toMillis());
    victim.pause();
    try {
      hold(stopped);
    } finally {
      victim.resume();
    }
    note("SIGCONT node %d", victim.nodeId);
  }

  /** A CLI command the fault loop runs, and how the journal names it. */
  private record Action(String what, List<String> args) {}

  /**
   * A partition's (or, one time in five, the metadata group's) lead moves to {@code onto}, or to a
   * random node when it is null.
   */
  private Action transfer(NodeProcess onto) {
    boolean meta = random.nextInt(5) == 0;
    List<String> names = new ArrayList<>(topics.keySet());
    String topic = names.get(random.nextInt(names.size()));
    int partition = random.nextInt(topics.get(topic));
    int drawn = nodes.get(random.nextInt(nodes.size())).nodeId;
    int to = onto == null ? drawn : onto.nodeId;
    List<String> args = new ArrayList<>(List.of("cluster", "transfer-leader"));
    args.addAll(
        meta
            ? List.of("--meta")
            : List.of("--topic", topic, "--partition", Integer.toString(partition)));
    args.addAll(
        List.of("--to", Integer.toString(to), "--admin", anyLive().admin(), "--timeout", "30s"));
    return new Action(
        "transfer-leader " + (meta ? "meta" : topic + "-" + partition) + " to node " + to, args);
  }

  private static Action snapshotOn(NodeProcess on) {
    return new Action(
        "snapshot create on node " + on.nodeId,
        List.of("snapshot", "create", "--admin", on.admin(), "--timeout", "60s", "-o", "json"));
  }

  /** Runs {@code action}; a failure while the cluster was whole is a finding, else only noted. */
  private void act(Action action, boolean clusterWhole) {
    String outcome = run(action);
    if (!"ok".equals(outcome) && clusterWhole) {
      failedActions.add(action.what() + " on a whole cluster: " + outcome);
    }
  }

  /** Starts {@code action} on another thread, overlapping a fault: its outcome is only noted. */
  private void actLater(Action action) {
    note("%s: started", action.what());
    CompletableFuture.runAsync(() -> run(action));
  }

  private String run(Action action) {
    CliRun run = CliRun.run(action.args().toArray(String[]::new));
    String outcome =
        run.exitCode() == 0 ? "ok" : "exit " + run.exitCode() + ": " + run.err().strip();
    note("%s: %s", action.what(), outcome);
    return outcome;
  }

  /**
   * Waits until every node runs and is ready, and every group has a leader that hears from all its
   * followers, none of them far behind.
   */
  void awaitWhole() {
    await("the cluster is whole again")
        .atMost(WHOLE_WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(nodes).allMatch(NodeProcess::alive);
              JsonNode status = anyLive().clusterStatus();
              for (JsonNode n : status.get("nodes")) {
                assertThat(n.get("ready").asBoolean()).as("node %s ready", n).isTrue();
              }
              assertThat(status.get("groups")).hasSize(expectedGroups);
              for (JsonNode g : status.get("groups")) {
                assertThat(g.get("leader").asInt()).as("leader of %s", g).isPositive();
                assertThat(g.get("followers")).as("followers of %s", g).hasSize(nodes.size() - 1);
                for (JsonNode f : g.get("followers")) {
                  assertThat(f.get("lag").asLong()).as("lag in %s", g).isLessThan(MAX_FOLLOWER_LAG);
                  assertThat(f.get("lastContactMs").asLong())
                      .as("contact in %s", g)
                      .isLessThan(5_000);
                }
              }
            });
    note("cluster whole");
  }

  /** Waits until every partition of every topic has taken a new acknowledged write. */
  void awaitWrites() {
    Map<TopicPartition, Long> before = workload.progress();
    await("every partition takes writes again")
        .atMost(WRITES_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Map<TopicPartition, Long> now = workload.progress();
              List<TopicPartition> stuck = new ArrayList<>();
              topics.forEach(
                  (topic, count) -> {
                    for (int p = 0; p < count; p++) {
                      TopicPartition tp = new TopicPartition(topic, p);
                      if (now.getOrDefault(tp, 0L) <= before.getOrDefault(tp, 0L)) {
                        stuck.add(tp);
                      }
                    }
                  });
              assertThat(stuck).as("partitions without a new acknowledged write").isEmpty();
            });
  }

  /** Lets {@code d} pass while the workload runs: how long a fault lasts. */
  private static void hold(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    await()
        .atMost(d.plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() >= until);
  }

  private Role role() {
    int draw = random.nextInt(5);
    if (draw < 2) {
      return new Role("metadata leader", null, -1, -1);
    }
    List<String> names = new ArrayList<>(topics.keySet());
    String topic = names.get(random.nextInt(names.size()));
    int partition = random.nextInt(topics.get(topic));
    int node = nodes.get(random.nextInt(nodes.size())).nodeId;
    return draw < 4
        ? new Role("leader of " + topic + "-" + partition, topic, partition, -1)
        : new Role("node " + node, null, -1, node);
  }

  /** Whom a fault hits: a role drawn from the seed, resolved to a node when the fault runs. */
  private record Role(String name, String topic, int partition, int node) {
    NodeProcess resolve(SoakFaults faults) throws Exception {
      int id = node;
      if (id < 0) {
        JsonNode status = faults.anyLive().clusterStatus();
        id = topic == null ? status.get("metaLeader").asInt() : leaderOf(status);
      }
      int wanted = id;
      return faults.nodes.stream()
          .filter(n -> n.nodeId == wanted)
          .findFirst()
          .orElse(faults.nodes.get(0));
    }

    /** The leader of the group that holds the partition (a group may hold several). */
    private int leaderOf(JsonNode status) {
      for (JsonNode g : status.get("groups")) {
        if (topic.equals(g.path("topic").asText())
            && (g.path("partition").asInt(-1) == partition || holds(g.path("partitions")))) {
          return g.get("leader").asInt();
        }
      }
      return -1;
    }

    private boolean holds(JsonNode partitions) {
      for (JsonNode p : partitions) {
        if (p.asInt() == partition) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private NodeProcess anyLive() {
    List<NodeProcess> live = nodes.stream().filter(NodeProcess::alive).toList();
    return live.get(Math.floorMod(System.nanoTime(), live.size()));
  }

  /** A node other than {@code down}, drawn from the seed. */
  private NodeProcess survivor(NodeProcess down) {
    List<NodeProcess> others = nodes.stream().filter(n -> n != down).toList();
    return others.get(random.nextInt(others.size()));
  }

  private void note(String format, Object... args) {
    String line =
        String.format(
            "%8.1fs %s %s",
            (System.nanoTime() - startNanos) / 1e9,
            java.time.Instant.now(),
            String.format(format, args));
    journal.add(line);
    System.out.println("soak: " + line);
  }

  /** Every fault and wait, with its time since the soak began. */
  List<String> journal() {
    return List.copyOf(journal);
  }

  /** Transfers and snapshots that failed while the cluster was whole. */
  List<String> failedActions() {
    return List.copyOf(failedActions);
  }
}
