package io.chronik.broker.raft;

import java.util.HashMap;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;

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

  /**
   * Ratis pauses a state machine before it installs a snapshot from the leader, and calls {@link
   * #reinitialize} afterwards; the subclass's reinitialize calls {@link #resumed}.
   */
  @Override
  public void pause() {
    LifeCycle lifeCycle = getLifeCycle();
    if (lifeCycle.getCurrentState() == LifeCycle.State.NEW) {
      lifeCycle.transition(LifeCycle.State.STARTING);
      lifeCycle.transition(LifeCycle.State.RUNNING);
    }
    if (lifeCycle.getCurrentState() == LifeCycle.State.RUNNING) {
      lifeCycle.transition(LifeCycle.State.PAUSING);
      lifeCycle.transition(LifeCycle.State.PAUSED);
    }
  }

  /** Ends a pause: the state was reloaded from the installed snapshot. */
  protected void resumed() {
    LifeCycle lifeCycle = getLifeCycle();
    if (lifeCycle.getCurrentState() == LifeCycle.State.PAUSED) {
      lifeCycle.transition(LifeCycle.State.STARTING);
      lifeCycle.transition(LifeCycle.State.RUNNING);
    }
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
            p ->
                priorities.put(RaftPeers.nodeIdOf(RaftPeerId.valueOf(p.getId())), p.getPriority()));
    leaderListener.configurationChanged(getGroupId(), priorities);
  }
}
