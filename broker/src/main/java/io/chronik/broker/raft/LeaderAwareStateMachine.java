package io.chronik.broker.raft;

import java.util.HashMap;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/**
 * A state machine that passes its group's leader and configuration changes to a {@link
 * LeaderListener} (the election journal and the leadership reports).
 */
abstract class LeaderAwareStateMachine extends BaseStateMachine {

  /** Told about every leader and configuration change of a group. */
  interface LeaderListener {
    void leaderChanged(RaftGroupId groupId, RaftPeerId leader);

    /** The group's configuration changed; {@code priorities} maps node id to Raft priority. */
    void configurationChanged(RaftGroupId groupId, Map<Integer, Integer> priorities);
  }

  private final LeaderListener leaderListener;

  LeaderAwareStateMachine(LeaderListener leaderListener) {
    this.leaderListener = leaderListener;
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    leaderListener.leaderChanged(member.getGroupId(), newLeader);
  }

  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
    Map<Integer, Integer> priorities = new HashMap<>();
    conf.getPeersList()
        .forEach(
            p -> priorities.put(RaftNode.nodeIdOf(RaftPeerId.valueOf(p.getId())), p.getPriority()));
    leaderListener.configurationChanged(getGroupId(), priorities);
  }
}
