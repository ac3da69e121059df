package io.chronik.broker;

import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.RemovedNode;
import io.chronik.broker.raft.RaftNode;
import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node that {@code chronik cluster remove-node} removed from serving, the way an etcd
 * member removed from its cluster shuts down:
 *
 * <ul>
 *   <li>A running node learns of its removal from the metadata it applies (a {@link RemovedNode} of
 *       this data dir's incarnation). It stops serving at once, waits until the metadata group's
 *       configuration has dropped it and no membership action runs on it (the node running the
 *       removal may be this one), at most {@link #GRACE}, then leaves {@link NodeRemoval} in its
 *       data dir, logs one line (CHR-1009), closes the node and completes {@link #removal()}.
 *   <li>At start, a data dir with that mark, or whose replayed metadata records the removal, is
 *       refused with the same message.
 *   <li>A node removed while it was down never got that metadata: at start, when it finds no
 *       metadata leader for {@link #PROBE_AFTER}, it asks the other members for the group's
 *       configuration; one that no longer names this node (though this node's own configuration
 *       does) means it was removed, and it is refused too.
 * </ul>
 */
final class RemovalGuard {
  private static final Logger LOGGER = LoggerFactory.getLogger(RemovalGuard.class);

  /** How long a removed node waits for the metadata group to drop it before it stops anyway. */
  static final Duration GRACE = Duration.ofSeconds(60);

  /** How long a starting node goes without a metadata leader before it asks the others. */
  static final Duration PROBE_AFTER = Duration.ofSeconds(10);

  private static final long PROBE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

  private final int nodeId;
  private final Path dataDir;
  private final AtomicInteger membershipActions = new AtomicInteger();
  private final AtomicBoolean seen = new AtomicBoolean();
  private final CompletableFuture<ChronikException> removal = new CompletableFuture<>();
  private long noLeaderSince = -1;
  private long lastProbe;

  RemovalGuard(int nodeId, Path dataDir) {
    this.nodeId = nodeId;
    this.dataDir = dataDir;
  }

  /** Refuses a data dir that carries the mark of a removed node. */
  void refuseMarked() {
    NodeRemoval.read(dataDir).ifPresent(mark -> refuse(mark, false));
  }

  /** Refuses to go on when the metadata, replayed here, records this data dir's removal. */
  void refuseIfRemoved(MetadataImage image, NodeIdentity identity) {
    RemovedNode r = image.removed().get(nodeId);
    if (r != null && r.removes(identity.incarnation())) {
      refuse(new NodeRemoval(nodeId, identity.clusterId(), r.describe()), true);
    }
  }

  /**
   * While the node starts without a metadata leader: refuses when the group's leader told this node
   * that it is no longer a member (Ratis shut the node's metadata division down), or when, after
   * {@link #PROBE_AFTER} without a leader (then every 5 s), the other members report a
   * configuration without this node although this node's own configuration names it.
   */
  void refuseIfDroppedWhileDown(RaftNode raft, MetadataImage image, NodeIdentity identity) {
    boolean expelled = raft.metaExpelled();
    long now = System.nanoTime();
    if (!expelled) {
      boolean leaderless = raft.metaStatus().map(s -> s.leaderId() < 0).orElse(false);
      if (!leaderless) {
        noLeaderSince = -1;
        return;
      }
      if (noLeaderSince < 0) {
        noLeaderSince = now;
      }
      if (now - noLeaderSince < PROBE_AFTER.toNanos() || now - lastProbe < PROBE_EVERY_NANOS) {
        return;
      }
      lastProbe = now;
    }
    List<Integer> local = raft.membership().localMetaMembers();
    if (!expelled && !local.contains(nodeId)) {
      return; // a node being added: the configuration it was given does not name it yet
    }
    GroupMembers members = othersView(raft, image, local);
    if (!expelled && (members == null || members.priorities().containsKey(nodeId))) {
      return;
    }
    refuse(new NodeRemoval(nodeId, identity.clusterId(), droppedReason(members)), true);
  }

  /** The metadata group as its leader reports it, asked through the other nodes; null if none. */
  private GroupMembers othersView(RaftNode raft, MetadataImage image, List<Integer> local) {
    List<Integer> others = new ArrayList<>(local);
    image.brokers().keySet().stream().filter(id -> !others.contains(id)).forEach(others::add);
    others.remove(Integer.valueOf(nodeId));
    if (others.isEmpty()) {
      return null;
    }
    try {
      return raft.membership().members("__meta", others, 3_000);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private String droppedReason(GroupMembers members) {
    return "node "
        + nodeId
        + " was removed from the cluster (chronik cluster remove-node) while it was down or cut"
        + " off: "
        + (members == null || members.priorities().containsKey(nodeId)
            ? "the metadata group's leader answered that its configuration does not name it"
            : "the metadata group's members are "
                + members.nodes()
                + ", as its leader, node "
                + members.leader()
                + ", reports");
  }

  private void refuse(NodeRemoval mark, boolean leaveMark) {
    if (leaveMark) {
      leaveMark(mark);
    }
    LOGGER.error(
        "{}; refusing to start; {} [{}]",
        mark.reason(),
        NodeRemoval.hint(dataDir),
        NodeRemoval.CODE);
    throw mark.error(dataDir);
  }

  /**
   * Called with every metadata image once the node serves: on its removal, stops serving and, on a
   * thread of its own, stops the node (see the class comment).
   *
   * @param notReady takes the reason the node no longer serves
   * @param close closes the node
   */
  void watch(
      MetadataImage image,
      NodeIdentity identity,
      RaftNode raft,
      Consumer<String> notReady,
      Runnable close) {
    RemovedNode r = image.removed().get(nodeId);
    if (r == null || !r.removes(identity.incarnation()) || !seen.compareAndSet(false, true)) {
      return;
    }
    notReady.accept(r.describe() + "; stopping");
    LOGGER.info("{}; stopping once the metadata group has dropped this node", r.describe());
    NodeRemoval mark = new NodeRemoval(nodeId, identity.clusterId(), r.describe());
    Thread t = new Thread(() -> stop(mark, raft, close), "chronik-removed");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Called every second once the node serves: a node whose metadata division the group's leader
   * shut down (it missed the entry that records its removal) stops like a removed node.
   */
  void watchExpelled(
      NodeIdentity identity, RaftNode raft, Consumer<String> notReady, Runnable close) {
    if (!raft.metaExpelled() || !seen.compareAndSet(false, true)) {
      return;
    }
    String reason = droppedReason(othersView(raft, raft.image(), List.of()));
    notReady.accept(reason + "; stopping");
    NodeRemoval mark = new NodeRemoval(nodeId, identity.clusterId(), reason);
    Thread t = new Thread(() -> stop(mark, raft, close), "chronik-removed");
    t.setDaemon(true);
    t.start();
  }

  private void stop(NodeRemoval mark, RaftNode raft, Runnable close) {
    long giveUp = System.nanoTime() + GRACE.toNanos();
    while (System.nanoTime() < giveUp) {
      if (membershipActions.get() == 0 && !inMetaConfiguration(raft)) {
        break;
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // the node was closed meanwhile
      }
    }
    leaveMark(mark);
    LOGGER.error(
        "{}; stopping; {} [{}]", mark.reason(), NodeRemoval.hint(dataDir), NodeRemoval.CODE);
    close.run();
    removal.complete(mark.error(dataDir));
  }

  /** Whether the metadata group's leader still counts this node as a member (true when unsure). */
  private boolean inMetaConfiguration(RaftNode raft) {
    List<Integer> others = new ArrayList<>(raft.membership().localMetaMembers());
    raft.image().brokers().keySet().stream()
        .filter(id -> !others.contains(id))
        .forEach(others::add);
    others.remove(Integer.valueOf(nodeId));
    if (others.isEmpty()) {
      return false;
    }
    try {
      return raft.membership().members("__meta", others, 3_000).priorities().containsKey(nodeId);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private void leaveMark(NodeRemoval mark) {
    try {
      mark.write(dataDir);
    } catch (IOException e) {
      LOGGER.warn("cannot write {}: {}", dataDir.resolve(NodeRemoval.FILE), e.toString());
    }
  }

  /** See {@link Broker#removal()}. */
  CompletableFuture<ChronikException> removal() {
    return removal;
  }

  void membershipActionStarted() {
    membershipActions.incrementAndGet();
  }

  void membershipActionEnded() {
    membershipActions.decrementAndGet();
  }
}
