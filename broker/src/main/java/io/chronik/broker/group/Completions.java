package io.chronik.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Future completions (and store writes) gathered while a group lock is held and run after it is
 * released, so that no caller code (a network layer writing a response, a store completing a write
 * at once) ever runs under a group lock.
 *
 * <p>Each pending JoinGroup or SyncGroup future lives in exactly one member slot; it is taken out
 * of the slot under the lock when it is added here, which is what makes its completion happen
 * exactly once.
 */
final class Completions {

  private static final Logger LOGGER = LoggerFactory.getLogger(Completions.class);

  private final List<Runnable> actions = new ArrayList<>();

  <T> void complete(CompletableFuture<T> future, T value) {
    actions.add(() -> future.complete(value));
  }

  void join(PendingJoin join, org.apache.kafka.common.message.JoinGroupResponseData response) {
    complete(join.future(), response);
  }

  void sync(PendingSync sync, org.apache.kafka.common.message.SyncGroupResponseData response) {
    complete(sync.future(), response);
  }

  /** Runs {@code action} once the lock is released: a write to the store, say. */
  void later(Runnable action) {
    actions.add(action);
  }

  /** Runs the gathered completions; call without holding any group lock. */
  void run() {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOGGER.error("A group response callback failed", e);
      }
    }
    actions.clear();
  }
}
