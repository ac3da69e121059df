package io.chronik.broker.replication;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs that a request reached this node for a group it does not lead (CHR-1203): at most once a
 * minute per group, since clients with stale metadata retry many requests at once.
 */
public final class NotLeaderLog {
  private static final Logger LOGGER = LoggerFactory.getLogger(NotLeaderLog.class);
  private static final long EVERY_MS = 60_000;
  private static final Map<String, Long> LAST = new ConcurrentHashMap<>();

  private NotLeaderLog() {}

  /** Notes one request refused because this node does not lead the exception's group. */
  public static void seen(NotLeaderException e) {
    long now = System.currentTimeMillis();
    Long last = LAST.get(e.groupId());
    if (last != null && now - last < EVERY_MS) {
      return;
    }
    LAST.put(e.groupId(), now);
    LOGGER.info(
        "[{}] not the Raft leader here{}: clients are told NOT_LEADER_OR_FOLLOWER and refresh"
            + " their metadata (logged at most once a minute per group) [CHR-1203]",
        e.groupId(),
        e.leaderId() >= 0 ? " (the leader is node " + e.leaderId() + ")" : " (no leader known)");
  }
}
