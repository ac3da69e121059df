package io.chronik.broker.membership;

import io.chronik.broker.admin.AdminException;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.meta.PartitionAssignment;
import io.chronik.broker.meta.Reassignment;
import io.chronik.broker.raft.RaftMembership;
import io.chronik.broker.replication.GroupMembers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster membership changes, driven by the node that receives the admin request: adding a node to
 * the metadata group, moving a partition replica from one node to another, and removing a node (its
 * replicas first, then its metadata membership and registration).
 *
 * <p>A replica move is recorded in the metadata before it starts ({@link
 * MetaCommand.BeginReassignment}), so every node's reconciler sees it: the new node joins the
 * partition's group and waits. The driver then adds the new node to the group's Raft configuration
 * (Ratis catches it up before the configuration that counts it commits), waits until it has every
 * committed entry, moves the leadership away from the old node if it leads, removes the old node
 * from the configuration, and completes the move in the metadata ({@link
 * MetaCommand.CompleteReassignment}), upon which the old node leaves the group and deletes its
 * copy. Every step is idempotent: running the same move again resumes it.
 */
public final class MembershipService {
  private static final Logger LOGGER = LoggerFactory.getLogger(MembershipService.class);

  /**
   * A follower the metadata leader heard from within this long counts as live: the broker session
   * timeout, after which Metadata answers no longer list the node ({@link BrokerFencing}).
   */
  static final long LIVE_WITHIN_MS = BrokerFencing.SESSION_TIMEOUT_MS;

  private final MetadataService meta;
  private final RaftMembership raft;
  private final int self;

  /**
   * @param self the id of the node running the changes (recorded with a removal)
   */
  public MembershipService(MetadataService meta, RaftMembership raft, int self) {
    this.meta = meta;
    this.raft = raft;
    this.self = self;
  }

  /** The default deadline of a membership change. */
  public static final long DEFAULT_TIMEOUT_MS = 300_000;

  /**
   * Runs an admin action: {@code add-node}, {@code move-replica} or {@code remove-node}, with its
   * JSON request (see {@link io.chronik.broker.admin.AdminView#membership}).
   */
  public Map<String, Object> run(String action, Map<String, Object> request) {
    try {
      return dispatch(action, request);
    } catch (AdminException e) {
      throw e;
    } catch (RuntimeException e) {
      LOGGER.warn("membership action {} failed: {}", action, e.toString());
      throw new AdminException(409, action + " failed: " + e.getMessage());
    }
  }

  private Map<String, Object> dispatch(String action, Map<String, Object> request) {
    RequestFields fields = new RequestFields(request);
    long timeoutMs = fields.number("timeoutMs", DEFAULT_TIMEOUT_MS);
    return switch (action) {
      case "add-node" ->
          addNode((int) fields.required("nodeId"), fields.text("raft", "HOST:PORT"), timeoutMs);
      case "move-replica" ->
          moveReplica(
              fields.text("topic", "the topic"),
              (int) fields.required("partition"),
              (int) fields.required("from"),
              (int) fields.required("to"),
              timeoutMs);
      case "remove-node" ->
          removeNode(
              (int) fields.required("nodeId"),
              fields.flag("force"),
              fields.flag("dryRun"),
              timeoutMs);
      default -> throw new AdminException(404, "no membership action " + action);
    };
  }

  /**
   * Adds node {@code nodeId}, started with {@code --join} and listening for Raft on {@code
   * address}, to the metadata group, then waits until it has registered its addresses.
   */
  public Map<String, Object> addNode(int nodeId, String address, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    checkAddress(address);
    GroupMembers members;
    try {
      members = raft.addToMeta(nodeId, address, timeoutMs);
    } catch (IOException e) {
      throw new AdminException(409, e.getMessage());
    }
    boolean registered =
        waitUntil(() -> meta.image().brokers().containsKey(nodeId), deadline, "registration");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", nodeId);
    out.put("raft", address);
    out.put("metaMembers", members.nodes());
    out.put("registered", registered);
    return out;
  }

  /**
   * Moves the replica of {@code topic}-{@code partition} on node {@code from} to node {@code to}.
   */
  public Map<String, Object> moveReplica(
      String topic, int partition, int from, int to, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    MetadataImage image = meta.image();
    PartitionAssignment a =
        image
            .partition(topic, partition)
            .orElseThrow(
                () ->
                    new AdminException(
                        404, "partition " + topic + "-" + partition + " does not exist"));
    Reassignment running = image.reassignments().get(a.groupId());
    List<Integer> fromList;
    List<Integer> toList;
    if (running != null
        && running.removing().equals(List.of(from))
        && running.adding().equals(List.of(to))) {
      // the same move again: resume it
      fromList = running.from();
      toList = running.to();
    } else {
      if (!a.replicas().contains(from)) {
        throw new AdminException(
            400,
            "node "
                + from
                + " holds no replica of "
                + topic
                + "-"
                + partition
                + "; replicas: "
                + a.replicas());
      }
      if (a.replicas().contains(to)) {
        throw new AdminException(
            400,
            "node "
                + to
                + " already holds a replica of "
                + topic
                + "-"
                + partition
                + "; replicas: "
                + a.replicas());
      }
      if (!image.brokers().containsKey(to)) {
        throw new AdminException(
            400,
            "node "
                + to
                + " is not a registered node of the cluster; add it first"
                + " (chronik cluster add-node)");
      }
      fromList = a.replicas();
      toList = new ArrayList<>(a.replicas());
      toList.set(toList.indexOf(from), to);
    }
    return move(topic, partition, a.groupId(), fromList, toList, deadline);
  }

  /**
   * Removes node {@code nodeId}: moves each of its replicas to the live node with the fewest
   * replicas, unregisters it, and removes it from the metadata group (moving the metadata
   * leadership away first when it leads). Refuses, unless {@code force}, when a partition would
   * have fewer live nodes than its replication factor or the metadata group would lose its
   * majority. A {@code dryRun} changes nothing and is never refused for these problems: it answers
   * the plan with them.
   */
  public Map<String, Object> removeNode(int nodeId, boolean force, boolean dryRun, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    MetadataImage image = meta.image();
    GroupMembers metaMembers = metaMembers(image, timeoutMs);
    if (!metaMembers.priorities().containsKey(nodeId) && !image.brokers().containsKey(nodeId)) {
      throw new AdminException(
          404,
          "node " + nodeId + " is not a member of the cluster; members: " + metaMembers.nodes());
    }
    RemovalPlan plan = RemovalPlan.of(image, metaMembers, nodeId, LIVE_WITHIN_MS);
    if (plan.remainingMeta().isEmpty()) {
      throw new AdminException(409, "node " + nodeId + " is the last node of the cluster");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodeId", nodeId);
    out.put("dryRun", dryRun);
    out.put("forced", force && !plan.problems().isEmpty());
    out.put("problems", plan.problems());
    out.put("moves", plan.moves().stream().map(RemovalPlan.Move::toMap).toList());
    if (dryRun) {
      // the plan, problems included: what a removal would refuse is what a dry run is for
      out.put("metaMembers", plan.remainingMeta());
      return out;
    }
    if (!plan.problems().isEmpty() && !force) {
      throw new AdminException(
          409,
          "removing node "
              + nodeId
              + " would "
              + String.join("; and would ", plan.problems())
              + "; add a node first, or pass --force");
    }
    for (RemovalPlan.Move m : plan.moves()) {
      PartitionAssignment a = meta.image().partition(m.topic(), m.partition()).orElse(null);
      if (a == null) {
        continue; // the topic was deleted meanwhile
      }
      move(m.topic(), m.partition(), a.groupId(), m.from(), m.to(), deadline);
    }
    if (meta.image().brokers().containsKey(nodeId)) {
      MetaResult unregistered =
          submit(
              new MetaCommand.UnregisterBroker(nodeId, self, System.currentTimeMillis()),
              deadline,
              "unregister node " + nodeId);
      if (!unregistered.isOk()) {
        throw new AdminException(409, unregistered.message());
      }
      awaitRemovalSeen(nodeId, deadline);
    }
    List<Integer> remaining = leaveMeta(nodeId, deadline);
    out.put("metaMembers", remaining);
    LOGGER.info("node {} removed from the cluster; metadata group now {}", nodeId, remaining);
    return out;
  }

  /**
   * A live node being removed learns it from the metadata entry that records the removal: wait
   * (briefly) until it has that entry before the metadata group stops sending it entries.
   */
  private void awaitRemovalSeen(int nodeId, long deadline) {
    GroupMembers current = metaMembers(meta.image(), remaining(deadline));
    if (nodeId == current.leader() || !current.live(nodeId, LIVE_WITHIN_MS)) {
      return;
    }
    long commit = current.leaderCommit();
    waitUntil(
        () -> {
          try {
            return raft.members("__meta", current.nodes(), remaining(deadline))
                .caughtUp(nodeId, commit);
          } catch (IOException e) {
            return false;
          }
        },
        Math.min(deadline, System.currentTimeMillis() + 15_000),
        "removed node's catch-up");
  }

  private List<Integer> leaveMeta(int nodeId, long deadline) {
    try {
      GroupMembers current = metaMembers(meta.image(), remaining(deadline));
      if (!current.priorities().containsKey(nodeId)) {
        return current.nodes();
      }
      if (current.leader() == nodeId) {
        int target = bestOther(current, List.of(nodeId));
        LOGGER.info("moving the metadata leadership from node {} to node {}", nodeId, target);
        Map<Integer, Integer> raised = new LinkedHashMap<>(current.priorities());
        int top = raised.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        raised.put(nodeId, 0);
        raised.put(target, top + 1);
        raft.setMembers("__meta", current, raised, remaining(deadline));
        raft.transferLeadership("__meta", current, target, Math.min(10_000, remaining(deadline)));
        current = metaMembers(meta.image(), remaining(deadline));
      }
      Map<Integer, Integer> wanted = new LinkedHashMap<>(current.priorities());
      wanted.remove(nodeId);
      raft.setMembers("__meta", current, wanted, remaining(deadline));
      return List.copyOf(wanted.keySet());
    } catch (IOException e) {
      throw new AdminException(409, e.getMessage());
    }
  }

  private Map<String, Object> move(
      String topic,
      int partition,
      String groupId,
      List<Integer> fromList,
      List<Integer> toList,
      long deadline) {
    String what = topic + "-" + partition;
    MetaResult begun =
        submit(
            new MetaCommand.BeginReassignment(topic, partition, fromList, toList),
            deadline,
            "record the move of " + what);
    if (!begun.isOk()) {
      throw new AdminException(409, begun.message());
    }
    Reassignment move = new Reassignment(topic, partition, fromList, toList);
    LOGGER.info("[{}] moving replicas {} -> {}", what, fromList, toList);
    try {
      List<Integer> known = new ArrayList<>(new LinkedHashSet<>(fromList));
      for (int added : move.adding()) {
        // the node's reconciler joins the group once it sees the move in the metadata
        if (!waitUntil(() -> raft.hosts(added, groupId), deadline, "join")) {
          throw new AdminException(
              409,
              "node " + added + " did not join the Raft group of " + what + "; is it running?");
        }
        known.add(added);
      }
      GroupMembers current = raft.members(groupId, known, remaining(deadline));
      if (!move.adding().isEmpty()) {
        Map<Integer, Integer> wanted = new LinkedHashMap<>(current.priorities());
        List<Integer> adding = move.adding();
        List<Integer> removing = move.removing();
        for (int i = 0; i < adding.size(); i++) {
          Integer old = i < removing.size() ? removing.get(i) : null;
          int priority = 0;
          if (old != null && current.priorities().containsKey(old)) {
            // the new replica takes the old one's place, preferred leader included
            priority = current.priorities().get(old);
            wanted.put(old, 0);
          }
          wanted.putIfAbsent(adding.get(i), priority);
        }
        raft.setMembers(groupId, current, wanted, remaining(deadline));
        GroupMembers added = raft.members(groupId, known, remaining(deadline));
        long commit = added.leaderCommit();
        for (int node : adding) {
          waitUntil(
              () -> {
                try {
                  return raft.members(groupId, known, remaining(deadline)).caughtUp(node, commit);
                } catch (IOException e) {
                  return false;
                }
              },
              deadline,
              "catch-up");
        }
        current = raft.members(groupId, known, remaining(deadline));
      }
      if (move.removing().contains(current.leader())) {
        int target = bestOther(current, move.removing());
        try {
          raft.transferLeadership(groupId, current, target, Math.min(10_000, remaining(deadline)));
        } catch (IOException e) {
          // the old leader steps down by itself once the configuration drops it
          LOGGER.warn("[{}] leadership did not move to node {}: {}", what, target, e.getMessage());
        }
        current = raft.members(groupId, known, remaining(deadline));
      }
      Map<Integer, Integer> wanted = new LinkedHashMap<>(current.priorities());
      move.removing().forEach(wanted::remove);
      if (!wanted.keySet().equals(current.priorities().keySet())) {
        raft.setMembers(groupId, current, wanted, remaining(deadline));
      }
    } catch (IOException e) {
      throw new AdminException(
          409, "the move of " + what + " stopped: " + e.getMessage() + "; run it again to resume");
    }
    MetaResult done =
        submit(
            new MetaCommand.CompleteReassignment(topic, partition, toList),
            deadline,
            "complete the move of " + what);
    if (!done.isOk()) {
      throw new AdminException(409, done.message());
    }
    waitUntil(
        () ->
            meta.image()
                .partition(topic, partition)
                .map(p -> p.replicas().equals(toList))
                .orElse(true),
        deadline,
        "apply");
    LOGGER.info("[{}] replicas are now {}", what, toList);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", topic);
    out.put("partition", partition);
    out.put("group", groupId);
    // a move of one partition of a group of several moves the group: all of them
    out.put(
        "partitions",
        meta.image()
            .topic(topic)
            .map(t -> t.groupPartitions(partition))
            .orElse(List.of(partition)));
    out.put("from", fromList);
    out.put("to", toList);
    return out;
  }

  private GroupMembers metaMembers(MetadataImage image, long timeoutMs) {
    List<Integer> known = new ArrayList<>(raft.localMetaMembers());
    image.brokers().keySet().stream().filter(id -> !known.contains(id)).forEach(known::add);
    try {
      return raft.members("__meta", known, timeoutMs);
    } catch (IOException e) {
      throw new AdminException(503, "the metadata group has no leader: " + e.getMessage());
    }
  }

  /** The caught-up member with the highest priority, other than the excluded ones. */
  private static int bestOther(GroupMembers members, List<Integer> out) {
    int best = -1;
    int bestPriority = Integer.MIN_VALUE;
    long commit = members.leaderCommit();
    for (Map.Entry<Integer, Integer> e : members.priorities().entrySet()) {
      if (out.contains(e.getKey())) {
        continue;
      }
      // a caught-up member first, then the higher priority
      int score = e.getValue() + (members.caughtUp(e.getKey(), commit) ? 1_000 : 0);
      if (score > bestPriority) {
        best = e.getKey();
        bestPriority = score;
      }
    }
    if (best < 0) {
      throw new AdminException(409, "no other member of group " + members.group() + " to lead it");
    }
    return best;
  }

  private MetaResult submit(MetaCommand command, long deadline, String what) {
    try {
      return meta.submit(command).get(remaining(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AdminException(
          503, "cannot " + what + ": " + (e.getCause() != null ? e.getCause() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException(503, "interrupted");
    }
  }

  private static boolean waitUntil(BooleanSupplier condition, long deadline, String what) {
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        LOGGER.warn("gave up waiting for the {} step", what);
        return false;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static long remaining(long deadline) {
    return Math.max(1_000, deadline - System.currentTimeMillis());
  }

  private static void checkAddress(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new AdminException(400, "give the new node's Raft address as HOST:PORT");
    }
    try {
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new AdminException(400, "bad Raft port in '" + address + "'");
    }
  }
}
