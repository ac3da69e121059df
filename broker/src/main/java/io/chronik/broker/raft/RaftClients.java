package io.chronik.broker.raft;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * The Raft clients this node opens. Each is built from the server's properties, so client and
 * server agree on the transport, has a client id of its own (Ratis' retry cache tells clients apart
 * by it) and is addressed to one group.
 */
final class RaftClients {
  private RaftClients() {}

  /** A builder of a client of {@code group}; Ratis' default retry policy unless one is set. */
  static RaftClient.Builder of(RaftProperties properties, RaftGroup group) {
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setClientId(ClientId.randomId())
        .setRaftGroup(group);
  }

  /**
   * Tries {@code sleepMs} apart until {@code timeoutMs} from now have passed. Without a policy a
   * Ratis client tries for ever, so a call into a group that lost its majority never returned.
   */
  static RetryPolicy within(long timeoutMs, long sleepMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    TimeDuration sleep = TimeDuration.valueOf(sleepMs, TimeUnit.MILLISECONDS);
    return new RetryPolicy() {
      @Override
      public Action handleAttemptFailure(Event event) {
        return deadline - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(sleepMs)
            ? () -> sleep
            : NO_RETRY_ACTION;
      }

      // Ratis names the policy in the error of a call that ran out of tries
      @Override
      public String toString() {
        return "every " + sleepMs + " ms for " + timeoutMs + " ms";
      }
    };
  }

  /**
   * Has the client send its first request to {@code leader} when that is one of the group's {@code
   * peers} (null: none known). Otherwise Ratis starts with the first peer, which may be down or
   * unable to name the leader, and waits its retry sleep before it tries the next.
   */
  static RaftClient.Builder firstTo(
      RaftClient.Builder builder, List<RaftPeer> peers, RaftPeerId leader) {
    if (leader != null && peers.stream().anyMatch(p -> p.getId().equals(leader))) {
      builder.setLeaderId(leader);
    }
    return builder;
  }

  /** Up to {@code times} tries, {@code sleepMs} apart. */
  static RetryPolicy fixedSleep(int times, long sleepMs) {
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        times, TimeDuration.valueOf(sleepMs, TimeUnit.MILLISECONDS));
  }
}
