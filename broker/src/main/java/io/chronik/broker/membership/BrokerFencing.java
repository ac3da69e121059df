package io.chronik.broker.membership;

import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import io.chronik.broker.meta.MetadataService;
import io.chronik.broker.partition.EntryFormat;
import io.chronik.broker.replication.GroupStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences the nodes the metadata group's leader no longer hears from, as a Kafka controller fences a
 * broker whose heartbeats stop: every node runs it every second, and on the metadata group's leader
 * it compares each registered node's last contact (the Raft follower progress the leader keeps for
 * the metadata group, the {@code lastContactMs} of {@code chronik cluster status}) with the broker
 * session timeout, and replicates the change as a {@link MetaCommand.FenceBroker}. Every node's
 * Metadata answers then leave a fenced node out of the broker list and the in-sync replicas (its
 * replicas stay listed, as offline replicas), until it is back.
 *
 * <p>A node is fenced after {@value #SESSION_TIMEOUT_MS} ms without contact: the time {@code
 * chronik cluster remove-node} also takes for a node to be down ({@link MembershipService}), 2.5
 * times the longest Raft election timeout and 10 heartbeats, so a leader change of the metadata
 * group (whose new leader counts its followers as last heard from one election timeout before it
 * took over) fences nobody. It is unfenced once the leader heard from it within {@value
 * #UNFENCE_WITHIN_MS} ms: a live follower answers every heartbeat (every 500 ms), while a node that
 * is still down shows at least the election timeout to a new leader, so a fenced node is not let
 * back by a leader change. The leader never fences itself, and unfences itself if an earlier leader
 * fenced it.
 *
 * <p>Fencing is replicated only while every registered node applies entry-format level {@link
 * EntryFormat#GROUP_MEMBERSHIP}, which brought the {@code fence-broker} command: below it (a
 * rolling upgrade) the leader fences nobody, and only lets back the nodes an earlier release fenced
 * without the level (a node that cannot apply the entry skips it, as it skipped the fence).
 */
public final class BrokerFencing implements Runnable {
  private static final Logger LOGGER = LoggerFactory.getLogger(BrokerFencing.class);

  /** A node the metadata leader has not heard from for longer than this is fenced. */
  public static final long SESSION_TIMEOUT_MS = 5_000;

  /** A fenced node the metadata leader heard from within this long is unfenced. */
  public static final long UNFENCE_WITHIN_MS = 1_000;

  private final int self;
  private final Supplier<Optional<GroupStatus>> metaStatus;
  private final MetadataService meta;
  private final Set<Integer> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * @param self this node's id
   * @param metaStatus the metadata group's status on this node
   * @param meta the metadata, to read and to change
   */
  public BrokerFencing(int self, Supplier<Optional<GroupStatus>> metaStatus, MetadataService meta) {
    this.self = self;
    this.metaStatus = metaStatus;
    this.meta = meta;
  }

  @Override
  public void run() {
    try {
      Optional<GroupStatus> status = metaStatus.get();
      if (status.isEmpty() || !status.get().isLeader() || status.get().isLeaderNotReady()) {
        return;
      }
      MetadataImage image = meta.image();
      Map<Integer, Long> contact = lastContact(status.get());
      for (MetaCommand.FenceBroker change :
          changes(image, status.get(), self, SESSION_TIMEOUT_MS, UNFENCE_WITHIN_MS)) {
        if (!inFlight.add(change.nodeId())) {
          continue;
        }
        if (change.fenced()) {
          LOGGER.warn(
              "node {} fenced: the metadata leader has not heard from it for {} ms (session"
                  + " timeout {} ms); Metadata answers leave it out until it is back",
              change.nodeId(),
              contact.get(change.nodeId()),
              SESSION_TIMEOUT_MS);
        } else {
          LOGGER.info("node {} unfenced: the metadata leader hears from it again", change.nodeId());
        }
        meta.submit(change).whenComplete((r, e) -> inFlight.remove(change.nodeId()));
      }
    } catch (RuntimeException e) {
      LOGGER.warn("cannot check the nodes' sessions: {}", e.toString());
    }
  }

  /**
   * The fencing changes the metadata leader makes now, by node id: fence each registered node not
   * heard from for longer than {@code sessionTimeoutMs}, unfence each fenced node heard from within
   * {@code unfenceWithinMs} (and the leader itself). A registered node the leader keeps no progress
   * for (not a member of the metadata group) is left as it is. Below entry-format level {@link
   * EntryFormat#GROUP_MEMBERSHIP} nobody is fenced; fenced nodes are still let back.
   *
   * @param image the metadata
   * @param leader the metadata group's status on its leader, with its followers
   * @param self the leader's node id
   */
  public static List<MetaCommand.FenceBroker> changes(
      MetadataImage image,
      GroupStatus leader,
      int self,
      long sessionTimeoutMs,
      long unfenceWithinMs) {
    Map<Integer, Long> contact = lastContact(leader);
    boolean mayFence = EntryFormat.clusterLevel(image) >= EntryFormat.GROUP_MEMBERSHIP;
    List<MetaCommand.FenceBroker> out = new ArrayList<>();
    for (int nodeId : new TreeSet<>(image.brokers().keySet())) {
      boolean fenced = image.isFenced(nodeId);
      if (nodeId == self) {
        if (fenced) {
          out.add(new MetaCommand.FenceBroker(nodeId, false));
        }
        continue;
      }
      Long last = contact.get(nodeId);
      if (last == null || last < 0) {
        continue;
      }
      if (!fenced && mayFence && last > sessionTimeoutMs) {
        out.add(new MetaCommand.FenceBroker(nodeId, true));
      } else if (fenced && last <= unfenceWithinMs) {
        out.add(new MetaCommand.FenceBroker(nodeId, false));
      }
    }
    return out;
  }

  private static Map<Integer, Long> lastContact(GroupStatus leader) {
    Map<Integer, Long> contact = new HashMap<>();
    for (GroupStatus.FollowerStatus f : leader.followers()) {
      contact.put(f.nodeId(), f.lastContactMs());
    }
    return contact;
  }
}
